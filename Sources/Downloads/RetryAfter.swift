import Foundation

/// `Retry-After` is either a number of seconds or an HTTP date (RFC 9110 §10.2.3).
enum RetryAfter {
    static func parse(_ raw: String, now: Date = Date()) -> Duration? {
        let text = raw.trimmed
        if let seconds = Int64(text) { return .seconds(max(seconds, 0)) }
        for format in formats {
            if let date = format.date(from: text) {
                return .milliseconds(max(Int64(date.timeIntervalSince(now) * 1000), 0))
            }
        }
        return nil
    }

    /// IMF-fixdate first; the two obsolete forms recipients must still accept after it.
    private static let patterns = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"]

    // Configured once and never mutated after: safe to share for parsing.
    private static let formats: [DateFormatter] = patterns.map { pattern in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = pattern
        return formatter
    }
}
