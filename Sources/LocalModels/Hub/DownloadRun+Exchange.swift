import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension DownloadRun {
    /// One try: asks the Hub, follows its redirects by hand, then streams the answer to disk.
    func transferOnce() async throws -> Ending {
        let hasToken = !(request.token ?? "").isEmpty
        var hop = RedirectRule.Hop(location: start, sendsToken: hasToken, redirects: 0)
        var fresh = HubFileMetadata()
        while true {
            let response = try await send(hop)
            let followedByClient = try absorbRedirectsFollowedByTheClient(response, into: &fresh)
            fresh.absorbHubHeaders(response.headers)
            guard RedirectRule.statuses.contains(response.status.code) else {
                if hop.redirects == 0 && !followedByClient && response.status == .ok {
                    fresh.absorbDirectETag(response.headers)
                }
                try learn(fresh)
                return try await receive(response, at: hop)
            }
            _ = try? await readSmallBody(response)
            try learn(fresh)
            if try await destinationAlreadyValid() {
                return .destinationAlreadyValid(sha256: known.sha256 ?? "", size: known.size ?? 0)
            }
            do {
                hop = try rule.next(after: hop, location: response.headers.first(name: "location"))
            } catch {
                throw AttemptFailure.fatal(error)
            }
            logger.debug(
                "following redirect",
                metadata: ["to": "\(hop.location.display)", "status": "\(response.status.code)", "token": "\(hop.sendsToken)"])
        }
    }

    /// An injected client that follows redirects itself (such as `HTTPClient.shared`) hides the
    /// Hub's redirect; its history still has the headers, and shows a downgrade to refuse. The
    /// client already dropped the token on leaving the origin.
    private func absorbRedirectsFollowedByTheClient(_ response: HTTPClientResponse, into fresh: inout HubFileMetadata)
        throws -> Bool
    {
        guard response.history.count > 1 else { return false }
        for (earlier, later) in zip(response.history, response.history.dropFirst()) {
            fresh.absorbHubHeaders(earlier.responseHead.headers)
            if earlier.request.url.lowercased().hasPrefix("https:") && later.request.url.lowercased().hasPrefix("http:") {
                throw AttemptFailure.fatal(
                    DownloadError(.invalidResponse, "The Hub redirected from https to plain http; refusing an insecure download."))
            }
        }
        return true
    }

    /// The request for one hop. The range always starts at what is on disk now, which a redirect
    /// may just have changed (an oversized or outdated part is emptied before the CDN is asked).
    private func send(_ hop: RedirectRule.Hop) async throws -> HTTPClientResponse {
        var outbound = HTTPClientRequest(url: hop.location.absoluteString)
        outbound.method = .GET
        outbound.headers.add(name: "User-Agent", value: HubDownloader.userAgent)
        // Compressed transfer would make the hashed bytes differ from the file's.
        outbound.headers.add(name: "Accept-Encoding", value: "identity")
        if hop.sendsToken, let token = request.token {
            outbound.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        let offset = part.size
        if offset > 0 { outbound.headers.add(name: "Range", value: "bytes=\(offset)-") }
        logger.debug(
            "requesting", metadata: ["url": "\(hop.location.display)", "from_byte": "\(offset)", "token": "\(hop.sendsToken)"])
        do {
            let deadline = NIODeadline.now() + TimeAmount(policy.connectTimeout + policy.stallTimeout)
            return try await client.execute(outbound, deadline: deadline)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AttemptFailure.network(error, at: hop.location, context: "Could not get an answer")
        }
    }

    /// Folds what this try learnt into what the run knows, and acts on it before any byte moves.
    func learn(_ fresh: HubFileMetadata) throws {
        if let sha = fresh.sha256, let previous = known.sha256, sha != previous, part.size > 0 {
            logger.info("the file changed on the Hub since the last try; starting over")
            try resetPart()
        }
        known.sha256 = fresh.sha256 ?? known.sha256
        known.size = fresh.size ?? known.size
        known.commit = fresh.commit ?? known.commit
        if let size = known.size, part.size > size {
            logger.info("the partial file is larger than the Hub's file; starting over", metadata: ["size": "\(size)"])
            try resetPart()
        }
        try checkFreeSpace()
    }

    func resetPart() throws {
        do {
            try part.reset()
        } catch let error as DownloadError {
            throw AttemptFailure.fatal(error)
        }
    }

    /// Fails before writing when the rest of the file cannot fit. A job that cannot fit should
    /// leave nothing behind, so the caller deletes the part.
    func checkFreeSpace() throws {
        guard let size = known.size, let free = FileSystem.availableBytes(inDirectoryOf: request.partPath) else { return }
        let needed = size - part.size
        guard needed > free else { return }
        throw AttemptFailure.fatal(
            DownloadError(
                .diskFull,
                "The file needs \(Self.megabytes(needed)) more but only \(Self.megabytes(free)) are free where it is "
                    + "stored; free some space or move the models directory."))
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes >= 1 << 30
            ? String(format: "%.1f GiB", Double(bytes) / Double(1 << 30))
            : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }

    /// Redirect and error bodies are short notes; reading them lets the connection be reused.
    /// Bounded in size and in silence, so a misbehaving server cannot hold the try.
    func readSmallBody(_ response: HTTPClientResponse, limit: Int = 8192) async throws -> [UInt8] {
        let activity = ActivityMark()
        return try await withStallWatch(timeout: policy.stallTimeout, activity: activity) {
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                activity.touch()
                bytes += chunk.readableBytesView.prefix(limit - bytes.count)
                if bytes.count >= limit { break }
            }
            return bytes
        }
    }

    /// The Hub's own explanation of a refusal: `X-Error-Message`, else `{"error": …}`.
    func hubMessage(_ response: HTTPClientResponse) async -> String? {
        if let header = response.headers.first(name: "x-error-message") {
            return DownloadError.sanitizedHubMessage(header, token: request.token)
        }
        guard let body = try? await readSmallBody(response),
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let message = object["error"] as? String
        else { return nil }
        return DownloadError.sanitizedHubMessage(message, token: request.token)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
