import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

extension FakeHub {
    typealias Connection = FakeHTTPListener.Connection
    typealias Listener = FakeHTTPListener.Listener

    /// Which of the fake's listeners speak TLS (with `FakeTLSIdentity`'s certificate).
    public enum TLS: Sendable, Equatable {
        case none
        case hubAndCDN
        /// An https Hub whose CDN is plain http: a downgrade no client should follow.
        case hubOnly
    }

    /// Runs `body` with a listening Hub (and CDN) and stops them, closing every connection, when
    /// `body` returns.
    /// `port` 0 takes a free one for the Hub; the CDN always takes a free one.
    public static func withHub<T: Sendable>(
        cdn: CDN = .otherOrigin, tls: TLS = .none, port: Int = 0, _ body: (FakeHub) async throws -> T
    ) async throws -> T {
        try await withHub(cdn: cdn, tls: tls, port: port, acceptsControl: false, body)
    }

    static func withHub<T: Sendable>(
        cdn: CDN, tls: TLS, port: Int, acceptsControl: Bool, _ body: (FakeHub) async throws -> T
    ) async throws -> T {
        let context = tls == .none ? nil : try FakeTLSIdentity.serverContext()
        let hubListener = try await FakeHTTPListener.listen(tls: context, port: port)
        let cdnListener = cdn == .otherOrigin ? try await FakeHTTPListener.listen(tls: tls == .hubAndCDN ? context : nil) : nil
        let hubURL = try url(of: hubListener, secure: context != nil)
        let hub = FakeHub(
            hubURL: hubURL, cdnURL: try cdnListener.map { try url(of: $0, secure: tls == .hubAndCDN) } ?? hubURL,
            acceptsControl: acceptsControl)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.accept(on: hubListener, origin: .hub) }
            if let cdnListener {
                group.addTask { try await hub.accept(on: cdnListener, origin: .cdn) }
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(hub))
            } catch {
                result = .failure(error)
            }
            // Closing the listeners ends the accept loops, which then stop their connections.
            try? await hubListener.channel.close()
            try? await cdnListener?.channel.close()
            try? await group.waitForAll()
            return try result.get()
        }
    }

    private static func url(of listener: Listener, secure: Bool) throws -> String {
        guard let port = listener.channel.localAddress?.port else {
            throw TestSetupError(description: "the fake Hub has no local port")
        }
        return "\(secure ? "https" : "http")://127.0.0.1:\(port)"
    }

    private func accept(on listener: Listener, origin: FakeHubOrigin) async throws {
        try await listener.executeThenClose { connections in
            await withDiscardingTaskGroup { handlers in
                do {
                    for try await connection in connections {
                        handlers.addTask { await self.serve(connection, origin: origin) }
                    }
                } catch {
                    // The listener failed; the connections already taken are stopped below.
                }
                handlers.cancelAll()
            }
        }
    }

    /// Answers the requests of one connection in turn until the client leaves, the fake stops,
    /// or an answer ends by closing the connection.
    private func serve(_ connection: Connection, origin: FakeHubOrigin) async {
        try? await connection.executeThenClose { inbound, outbound in
            var parts = inbound.makeAsyncIterator()
            var collector = RequestCollector()
            while let part = try await parts.next() {
                guard let (request, keepAlive) = collector.add(part) else { continue }
                let isControl = acceptsControl && origin == .hub && FakeControl.isControl(request)
                if !isControl {
                    state.update { $0.requests.append(FakeHubRequest(origin: origin, recorded: request)) }
                }
                let answer = isControl ? control(request) : self.answer(request, origin: origin)
                let keepOpen = await write(
                    answer, head: request.method == "HEAD", path: request.path, origin: origin, to: outbound, inbound: &parts)
                if !keepOpen || !keepAlive { return }
            }
        }
    }

    /// Returns whether the connection may serve another request.
    private func write(
        _ answer: FakeHubAnswer, head isHead: Bool, path: String, origin: FakeHubOrigin,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        inbound: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    ) async -> Bool {
        var headers = HTTPHeaders(answer.headers.map { ($0.name, $0.value) })
        switch answer.body {
        case .none: headers.replaceOrAdd(name: "Content-Length", value: "0")
        case .text(let bytes): headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
        case .file(_, let range, _): headers.replaceOrAdd(name: "Content-Length", value: String(range.count))
        }
        let status = HTTPResponseStatus(statusCode: answer.status)
        var sent = 0
        func finish(completed: Bool) {
            guard case .file = answer.body else { return }
            state.update {
                $0.transfers.append(
                    FakeHubTransferRecord(origin: origin, path: path, status: answer.status, bytesSent: sent, completed: completed))
            }
        }
        do {
            if answer.silent {
                while try await inbound.next() != nil {}
                return false
            }
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
            switch answer.body {
            case .none:
                break
            case .text(let bytes):
                if !isHead { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
            case .file(let bytes, let range, let delivery):
                guard !isHead else { break }
                let limit = min(delivery.dropAfter ?? delivery.stallAfter ?? range.count, range.count)
                // Unthrottled, large writes: the fake should cost the machine far less than the
                // client it serves (a benchmark shares two cores between them).
                let chunk = delivery.bytesPerSecond.map { max(1, $0 / 20) } ?? 256 * 1024
                while sent < limit {
                    let count = min(chunk, limit - sent)
                    let start = range.lowerBound + sent
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes[start..<start + count]))))
                    sent += count
                    state.update { $0.bytesServed += count }
                    if delivery.bytesPerSecond != nil && sent < limit { try await Task.sleep(for: .milliseconds(50)) }
                }
                if delivery.dropAfter != nil && limit < range.count {
                    finish(completed: false)
                    return false
                }
                if delivery.stallAfter != nil && limit < range.count {
                    // Silence until the client gives up and closes, or the fake stops.
                    while try await inbound.next() != nil {}
                    finish(completed: false)
                    return false
                }
            }
            try await outbound.write(.end(nil))
            finish(completed: true)
            return true
        } catch {
            finish(completed: false)
            return false
        }
    }
}
