import Foundation

/// Timestamps travel and are stored as fixed-width ISO-8601 UTC strings with milliseconds,
/// so they sort the same way as text on SQLite and PostgreSQL and never depend on a driver's
/// date handling.
public enum Timestamp {
    public static func now() -> String { format(Date()) }

    /// Written digit by digit: `String(format:)` cost a gateway call more than its database work.
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at start: Int, width: Int) {
            var value = value
            for index in stride(from: start + width - 1, through: start, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, at: 0, width: 4)
        put(Int(parts.tm_mon) + 1, at: 5, width: 2)
        put(Int(parts.tm_mday), at: 8, width: 2)
        put(Int(parts.tm_hour), at: 11, width: 2)
        put(Int(parts.tm_min), at: 14, width: 2)
        put(Int(parts.tm_sec), at: 17, width: 2)
        put(Int(millis - seconds * 1000), at: 20, width: 3)
        for (index, separator) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")] as [(Int, Unicode.Scalar)] {
            text[index] = UInt8(ascii: separator)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The date of a timestamp `format` wrote; nil for any other text.
    public static func parse(_ text: String) -> Date? {
        let fields = text.split(whereSeparator: { "-T:.Z".contains($0) }).map { Int($0) }
        guard text.count == 24, text.hasSuffix("Z"), fields.count == 7, let year = fields[0], let month = fields[1],
            let day = fields[2], let hour = fields[3], let minute = fields[4], let second = fields[5], let millis = fields[6]
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + Double(millis) / 1000)
    }
}

extension Duration {
    /// Fractional milliseconds, for latencies in logs and responses.
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
