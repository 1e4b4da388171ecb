/// Why an outbound call got no usable answer. Every string in here is safe to log: URLs are
/// reduced to scheme, host, port and path, and no header value is ever carried.
public enum UpstreamError: Error, Sendable, Hashable {
    case invalidURL(String)
    /// The host name did not resolve.
    case dns(host: String)
    /// Nothing listens at `host` (given as `host:port`).
    case refused(host: String)
    /// The connect, a read, or the whole exchange passed its deadline.
    case timeout
    case tls(String)
    case tooManyRedirects
    /// A redirect from https to plain http, refused so nothing travels in clear.
    case insecureRedirect(from: String, to: String)
    case bodyTooLarge(limit: Int)
    /// The connection broke in another way (reset, closed mid-answer, protocol error).
    case connection(String)
    /// The calling task was cancelled.
    case cancelled
}
