import Foundation

/// Ollama writes times as Go's RFC 3339 with up to nine fractional digits and an offset
/// (`2025-01-15T09:30:12.345678901+01:00`), which Foundation's ISO 8601 parser refuses.
public enum OllamaTime {
    public static func parse(_ text: String) -> Date? {
        var value = text
        if let dot = value.firstIndex(of: "."), let zone = value[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            let digits = value[value.index(after: dot)..<zone]
            value =
                String(value[..<dot]) + "." + String(digits.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)
                + String(value[zone...])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = value.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.date(from: value)
    }
}
