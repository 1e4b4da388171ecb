import AsyncHTTPClient
import Logging
import Upstream

/// One call to `HubDownloader.download`: the tries, what the Hub said about the file so far,
/// and the `.part` file they all write to. Lives in the caller's task only.
final class DownloadRun {
    let request: HubDownloadRequest
    let start: UpstreamURL
    let part: PartFile
    let client: HTTPClient
    let policy: DownloadPolicy
    let logger: Logger
    let progress: @Sendable (DownloadProgress) async -> Void
    let meter: ProgressMeter
    let rule: RedirectRule
    let resumedFrom: Int64

    /// Merged from every answer of every try; a change of sha256 means the file changed upstream.
    var known = HubFileMetadata()
    var attempt = 1
    var checkedDestination = false
    var restartedStalePart = false

    enum Ending {
        case partComplete
        case destinationAlreadyValid(sha256: String, size: Int64)
    }

    init(
        downloader: HubDownloader, request: HubDownloadRequest, start: UpstreamURL, part: PartFile,
        progress: @escaping @Sendable (DownloadProgress) async -> Void
    ) {
        self.request = request
        self.start = start
        self.part = part
        self.client = downloader.client
        self.policy = downloader.policy
        var logger = downloader.logger
        logger[metadataKey: "hf_repo"] = "\(request.file.repo)"
        logger[metadataKey: "hf_file"] = "\(request.file.file)"
        self.logger = logger
        self.progress = progress
        self.meter = ProgressMeter(interval: policy.progressInterval)
        self.rule = RedirectRule(endpointOrigin: start.origin)
        self.resumedFrom = part.size
    }

    func execute() async throws -> DownloadResult {
        logger.info(
            "download starting",
            metadata: ["hf_revision": "\(request.file.revision)", "resumed_from": "\(resumedFrom)", "url": "\(start.display)"])
        await report(force: true)
        while true {
            do {
                switch try await transferOnce() {
                case .partComplete:
                    if let result = try await finish() { return result }
                    attempt += 1
                case .destinationAlreadyValid(let sha256, let size):
                    return await keepExisting(sha256: sha256, size: size)
                }
            } catch let failure as AttemptFailure {
                try await recover(from: failure)
                attempt += 1
            }
        }
    }

    /// Either waits for the next try or throws what ends the run.
    private func recover(from failure: AttemptFailure) async throws {
        if Task.isCancelled { throw CancellationError() }
        let retriesLeft = attempt < policy.maxAttempts
        switch failure {
        case .fatal(let error):
            throw error
        case .restart(let error):
            guard retriesLeft else { throw error }
            logger.info("starting over from byte 0", metadata: ["reason": "\(error.message)", "attempt": "\(attempt)"])
        case .retry(let error, let retryAfter):
            guard retriesLeft else {
                throw DownloadError(error.code, error.message + " (gave up after \(attempt) tries)")
            }
            if let retryAfter, retryAfter > policy.maxRetryAfter {
                throw DownloadError(
                    .upstreamStatus,
                    "The Hub asks to wait \(retryAfter.secondsText) before trying again, longer than Hangar "
                        + "waits; start the download again later.")
            }
            let delay = retryAfter ?? policy.backoff(afterAttempt: attempt)
            logger.info(
                "download try failed; retrying",
                metadata: [
                    "reason": "\(error.message)", "attempt": "\(attempt)", "bytes_on_disk": "\(part.size)",
                    "delay_ms": "\(delay.milliseconds)",
                ])
            try await Task.sleep(for: delay)
        }
    }

    func report(force: Bool = false) async {
        if let update = meter.report(bytesDone: part.size, total: known.size, attempt: attempt, force: force) {
            await progress(update)
        }
    }
}
