import HangarCore

/// Why a download failed, as a stable code for the API and a sentence for the user. The message
/// says what to do next; it never carries the token or a signed URL.
public struct DownloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable {
        /// 401: the token is missing, invalid, or the repository is private.
        case unauthorized
        /// 403 (or 401 marked `GatedRepo`): the model's terms must be accepted on the Hub.
        case gated
        /// 404: the repository, revision or file does not exist.
        case notFound
        case checksumMismatch
        case sizeMismatch
        case diskFull
        case stalled
        /// Connecting or reading failed on every try.
        case network
        /// Another status the Hub answered with, or 408/429/5xx on every try.
        case upstreamStatus
        case invalidResponse
        case filesystem
        /// The repository, revision, file name or endpoint is not acceptable, before any I/O.
        case invalidReference
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

    public var description: String { "\(code.errorCode.rawValue): \(message)" }
}

extension DownloadError.Code {
    /// The code a failed download job and its model carry.
    public var errorCode: ErrorCode {
        switch self {
        case .unauthorized: .hfUnauthorized
        case .gated: .hfGated
        case .notFound: .hfNotFound
        case .checksumMismatch: .checksumMismatch
        case .sizeMismatch: .sizeMismatch
        case .diskFull: .diskFull
        case .stalled: .downloadStalled
        case .network: .networkError
        case .upstreamStatus: .upstreamError
        case .invalidResponse: .invalidResponse
        case .filesystem: .filesystemError
        case .invalidReference: .invalidReference
        }
    }
}
