/// One outbound call. The body is small and in memory: every upstream call Hangar makes
/// here sends a few hundred bytes of JSON at most.
public struct UpstreamRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case head = "HEAD"
        case post = "POST"
        case put = "PUT"
        case patch = "PATCH"
        case delete = "DELETE"
    }

    /// Header names (lowercased) that carry credentials in the APIs Hangar talks to.
    public static let defaultCredentialHeaders: Set<String> = [
        "authorization", "api-key", "x-api-key", "proxy-authorization", "cookie",
    ]

    public var method: Method
    public var url: String
    public var headers: UpstreamHeaders
    public var body: [UInt8]?
    /// Dropped, and never sent again, once a redirect leaves the origin of `url`.
    public var credentialHeaders: Set<String>
    /// Overrides the client's `maxBodyBytes` for this call.
    public var maxBodyBytes: Int?

    public init(
        method: Method = .get, url: String, headers: UpstreamHeaders = [:], body: [UInt8]? = nil,
        credentialHeaders: Set<String> = UpstreamRequest.defaultCredentialHeaders, maxBodyBytes: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.credentialHeaders = Set(credentialHeaders.map { $0.lowercased() })
        self.maxBodyBytes = maxBodyBytes
    }
}
