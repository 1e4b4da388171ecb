import Foundation

/// `Retry-After` is either a number of seconds or an HTTP date (RFC 9110 §10.2.3).
package enum RetryAfter {
    package static func parse(_ raw: String, now: Date = Date()) -> Duration? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(text) { return .seconds(max(seconds, 0)) }
        for format in formats {
            if let date = format.date(from: text) {
                return .milliseconds(max(Int64(date.timeIntervalSince(now) * 1000), 0))
            }
        }
        return nil
    }

    /// The wait an answer asks for: `retry-after-ms` first, which Azure OpenAI and OpenAI send
    /// beside `Retry-After` with more precision, then `Retry-After`.
    package static func wait(in headers: UpstreamHeaders, now: Date = Date()) -> Duration? {
        if let raw = headers["retry-after-ms"]?.trimmingCharacters(in: .whitespaces), let milliseconds = Double(raw),
            milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(Int64(milliseconds.rounded(.up)))
        }
        return headers["retry-after"].flatMap { parse($0, now: now) }
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
