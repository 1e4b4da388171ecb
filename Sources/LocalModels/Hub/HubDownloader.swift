import AsyncHTTPClient
import Logging
import NIOCore
import Upstream

/// Downloads one file from the Hugging Face Hub into place: resumable, retried, verified.
/// A final file is never partial or corrupt: bytes gather in `<destination>.part`, are checked
/// against the Hub's size and SHA-256, made durable, and only then renamed into place.
public struct HubDownloader: Sendable {
    public let client: HTTPClient
    public let policy: DownloadPolicy
    public let logger: Logger

    /// A client injected here must not follow redirects itself (`redirectConfiguration: .disallow`)
    /// nor decompress: the downloader follows redirects to keep the token on the Hub's origin and
    /// to read the Hub's checksum headers, and it hashes the bytes exactly as they were sent.
    public init(
        client: HTTPClient = HubDownloader.defaultClient, policy: DownloadPolicy = .standard,
        logger: Logger = Logger(label: "hangar.downloads")
    ) {
        self.client = client
        self.policy = policy
        self.logger = logger
    }

    /// Lives as long as the process, like `HTTPClient.shared`, but configured the way downloads
    /// need (`UpstreamClients.transfer`), trusting the system's roots. Its own connect timeout is
    /// only a backstop: each request carries a deadline for its answer of
    /// `connectTimeout + stallTimeout` from the policy.
    public static var defaultClient: HTTPClient { UpstreamClients.system.transfer }

    /// A part with bytes lets a later run resume; an empty one is only clutter.
    private static func keepIfUseful(_ part: PartFile) {
        if part.size > 0 { part.close() } else { part.remove() }
    }

    public static let userAgent = "hangar/1.0 (model downloads)"

    /// Downloads (or resumes) the file.
    ///
    /// Cancelling the task stops the transfer promptly and throws `CancellationError`, keeping the
    /// `.part` file so a later run resumes. Every other failure throws `DownloadError`; the `.part`
    /// file is kept for failures a later run can recover from and deleted when its content is
    /// wrong (checksum or size mismatch) or cannot fit (disk full).
    ///
    /// When the destination already holds a file whose size and SHA-256 match what the Hub
    /// announces, it is kept as it is and returned with `reusedExisting`; otherwise it is replaced
    /// atomically once the new file is verified.
    public func download(
        _ request: HubDownloadRequest, progress: @escaping @Sendable (DownloadProgress) async -> Void = { _ in }
    ) async throws -> DownloadResult {
        try request.file.validate()
        let start = try HubURL.resolve(endpoint: request.endpoint, file: request.file)
        guard request.destination.hasPrefix("/"), !request.destination.hasSuffix("/") else {
            throw DownloadError(.filesystem, "The destination must be an absolute file path.")
        }
        try FileSystem.createParentDirectories(of: request.destination)
        let part = try await PartFile.open(path: request.partPath)
        let run = DownloadRun(downloader: self, request: request, start: start, part: part, progress: progress)
        do {
            return try await run.execute()
        } catch let error as DownloadError {
            switch error.code {
            case .diskFull, .checksumMismatch, .sizeMismatch: part.remove()
            default: Self.keepIfUseful(part)
            }
            logger.info(
                "download failed",
                metadata: [
                    "hf_repo": "\(request.file.repo)", "hf_file": "\(request.file.file)", "code": "\(error.code.errorCode.rawValue)",
                ])
            throw error
        } catch {
            Self.keepIfUseful(part)
            if Task.isCancelled || error is CancellationError {
                logger.info("download cancelled; the partial file is kept", metadata: ["hf_file": "\(request.file.file)"])
                throw CancellationError()
            }
            throw DownloadError(.network, "The download failed unexpectedly: \(error); start it again.")
        }
    }
}
