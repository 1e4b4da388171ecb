/// Why a completion gave no answer. `message` is for the admin: it says what to do next and
/// never holds the API key, even where the upstream echoed it.
public struct CompletionFailure: Error, Sendable, Hashable {
    public enum Kind: String, Sendable {
        case unreachable
        case timeout
        case tls
        case unauthorized
        case forbidden
        case notFound
        case rateLimited
        case badRequest
        case upstreamError
        case invalidResponse
        case notConfigured
        case notSupported
    }

    public var kind: Kind
    public var message: String
    /// The upstream's HTTP status, when it answered with one.
    public var status: Int?
    /// How long the upstream asked to wait (on 429 and 503), from `retry-after-ms` or
    /// `Retry-After`.
    public var retryAfter: Duration?

    public init(kind: Kind, message: String, status: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
    }
}
