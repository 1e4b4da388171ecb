/// What to fetch, from where, and where it lands.
public struct HubDownloadRequest: Sendable {
    /// The Hub's base URL, such as `https://huggingface.co`; a trailing slash is tolerated.
    public var endpoint: String
    public var file: HubFileReference
    /// Sent as a bearer token to the endpoint's origin only, never past a redirect to another origin.
    public var token: String?
    /// Absolute path of the final file; the bytes gather in `destination + ".part"` first.
    public var destination: String

    public init(endpoint: String, file: HubFileReference, token: String?, destination: String) {
        self.endpoint = endpoint
        self.file = file
        self.token = token
        self.destination = destination
    }

    public var partPath: String { destination + ".part" }
}
