/// Why a download failed, as a stable code for the API and a sentence for the user. The message
/// says what to do next; it never carries the token or a signed URL.
public struct DownloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// 401: the token is missing, invalid, or the repository is private.
        case unauthorized = "hf_unauthorized"
        /// 403 (or 401 marked `GatedRepo`): the model's terms must be accepted on the Hub.
        case gated = "hf_gated"
        /// 404: the repository, revision or file does not exist.
        case notFound = "hf_not_found"
        case checksumMismatch = "checksum_mismatch"
        case sizeMismatch = "size_mismatch"
        case diskFull = "disk_full"
        case stalled = "download_stalled"
        /// Connecting or reading failed on every try.
        case network = "network_error"
        /// Another status the Hub answered with, or 408/429/5xx on every try.
        case upstreamStatus = "upstream_error"
        case invalidResponse = "invalid_response"
        case filesystem = "filesystem_error"
        /// The repository, revision, file name or endpoint is not acceptable, before any I/O.
        case invalidReference = "invalid_reference"
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    init(_ code: Code, _ message: String) {
        self.init(code: code, message: message)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
