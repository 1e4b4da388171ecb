/// Ollama's `keep_alive`: how long a model stays loaded after its last request. Checked here
/// once, for the load route, the start route and the setting.
public enum OllamaKeepAlive {
    public static let rule = "keep_alive is a duration such as 5m, 1h, 30s, or -1 to keep it loaded."
    /// The same rule for the UI (`/api/meta`).
    public static let pattern = "^(-1|[0-9]{1,6}(ms|s|m|h)?)$"

    public static func isValid(_ text: String) -> Bool {
        if text == "-1" { return true }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count)
        return (1...6).contains(digits.count) && ["", "ms", "s", "m", "h"].contains(String(unit))
    }
}
