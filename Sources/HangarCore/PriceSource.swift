/// Where a model's prices and limits came from, as `price_source` says it.
public enum PriceSource {
    /// Typed by an admin.
    public static let manual = "manual"
    /// The LiteLLM price file shipped with Hangar.
    public static let snapshot = "litellm:snapshot"
    /// A LiteLLM price file sent in the request.
    public static let upload = "litellm:upload"

    /// A LiteLLM price file fetched from `url`.
    public static func url(_ url: String) -> String { "litellm:\(url)" }
}
