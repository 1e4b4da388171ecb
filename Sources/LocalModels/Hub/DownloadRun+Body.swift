import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Upstream

extension DownloadRun {
    /// Acts on the final answer of a try: a body to store, a refusal, or a reason to start over.
    func receive(_ response: HTTPClientResponse, at hop: RedirectRule.Hop) async throws -> Ending {
        let status = response.status.code
        switch status {
        case 200:
            if part.size > 0 {
                logger.info("the server ignored the range request; starting over from byte 0")
                try resetPart()
            }
            try adoptAnnouncedSize(response.headers.first(name: "content-length").flatMap { Int64($0.trimmed) })
        case 206:
            guard let range = response.headers.first(name: "content-range").flatMap(ContentRange.init),
                let first = range.first
            else {
                throw AttemptFailure.fatal(
                    DownloadError(.invalidResponse, "The server sent part of the file without saying which part; try again later."))
            }
            guard first == part.size else {
                try resetPart()
                throw AttemptFailure.restart(
                    DownloadError(.invalidResponse, "The server kept sending a different part of the file than asked for."))
            }
            try adoptAnnouncedSize(range.total)
        case 416:
            // Its body describes the error, not the file: never written.
            let total = known.size ?? response.headers.first(name: "content-range").flatMap(ContentRange.init)?.total
            if let total, part.size == total {
                known.size = total
                logger.info("the partial file already holds every byte")
                return .partComplete
            }
            try resetPart()
            throw AttemptFailure.restart(
                DownloadError(.invalidResponse, "The server kept refusing to resume the download (HTTP 416); try again later."))
        default:
            throw await refusal(response, status: status, hop: hop)
        }
        if let encoding = response.headers.first(name: "content-encoding")?.trimmed.lowercased(), encoding != "identity" {
            throw AttemptFailure.fatal(
                DownloadError(.invalidResponse, "The server compressed the file (\(encoding)) although asked not to."))
        }
        try await stream(response.body, from: hop.location)
        if let total = known.size, part.size < total {
            throw AttemptFailure.retry(
                DownloadError(
                    .network,
                    "The connection to \(hop.location.authority) ended after \(part.size) of \(total) bytes. "
                        + "Check the network and start the download again."),
                retryAfter: nil)
        }
        return .partComplete
    }

    /// The size this answer promises, checked against what the Hub announced.
    private func adoptAnnouncedSize(_ announced: Int64?) throws {
        guard let announced else { return }
        if let expected = known.size, expected != announced {
            throw AttemptFailure.fatal(
                DownloadError(
                    .sizeMismatch,
                    "The server is sending a file of \(announced) bytes where the Hub announced \(expected); try again later."))
        }
        known.size = announced
        if part.size > announced { try resetPart() }
        try checkFreeSpace()
    }

    private func refusal(_ response: HTTPClientResponse, status: UInt, hop: RedirectRule.Hop) async -> AttemptFailure {
        let code = response.headers.first(name: "x-error-code")?.trimmed
        let error = DownloadError.hub(
            status: status, errorCode: code, hubMessage: await hubMessage(response), file: request.file,
            tokenSent: hop.sendsToken)
        switch status {
        case 408, 429, 500...599:
            let retryAfter = response.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0) }
            return .retry(error, retryAfter: retryAfter)
        default:
            return .fatal(error)
        }
    }

    /// Writes the body as it arrives, with backpressure: the next chunk is only asked for once
    /// this one is on disk, so memory stays at one chunk whatever the file size.
    private func stream(_ body: HTTPClientResponse.Body, from location: UpstreamURL) async throws {
        let host = location.authority
        let activity = ActivityMark()
        let part = part
        let total = known.size
        let attempt = attempt
        let meter = meter
        let progress = progress
        let startedAt = part.size
        do {
            try await withStallWatch(timeout: policy.stallTimeout, activity: activity) {
                for try await chunk in body {
                    try Task.checkCancellation()
                    activity.touch()
                    if let total, part.size + Int64(chunk.readableBytes) > total {
                        throw DownloadError(
                            .sizeMismatch, "The server sent more than the \(total) bytes announced; start the download again.")
                    }
                    try part.append(chunk)
                    if let update = meter.report(bytesDone: part.size, total: total, attempt: attempt) {
                        await progress(update)
                        activity.touch()
                    }
                }
            }
        } catch let error as DownloadError {
            throw AttemptFailure.fatal(error)
        } catch is StallDetected {
            throw AttemptFailure.retry(
                DownloadError(
                    .stalled,
                    "No data arrived from \(host) for \(policy.stallTimeout.secondsText); check the network "
                        + "and start the download again."),
                retryAfter: nil)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AttemptFailure.network(
                error, at: location, context: "The transfer broke off after \(part.size - startedAt) bytes")
        }
    }
}
