/// A complete answer: the body has been read in full, within the size cap.
public struct UpstreamResponse: Sendable, Hashable {
    public var status: Int
    public var headers: UpstreamHeaders
    public var body: [UInt8]
    /// Where the answer came from after redirects, without userinfo or query.
    public var finalURL: String

    public init(status: Int, headers: UpstreamHeaders, body: [UInt8], finalURL: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.finalURL = finalURL
    }
}
