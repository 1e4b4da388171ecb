import Foundation

extension Duration {
    /// "0.3 s", "30 s": for messages, where durations from tests and production both read well.
    package var secondsText: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value.rounded() == value ? "\(Int64(value)) s" : String(format: "%.1f s", value)
    }
}
