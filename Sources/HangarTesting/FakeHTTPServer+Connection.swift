import NIOCore
import NIOHTTP1

extension FakeHTTPServer {
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// Answers the requests of one connection in turn until the client leaves, the server
    /// stops, or an answer ends by closing the connection.
    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let closed = connection.channel.closeFuture
        try? await connection.executeThenClose { inbound, outbound in
            var collector = RequestCollector()
            for try await part in inbound {
                guard let (request, keepAlive) = collector.add(part) else { continue }
                record(request)
                let response = await handler(request)
                let keepOpen = await write(response, for: request, to: outbound, closed: closed)
                if !keepOpen || !keepAlive { return }
            }
        }
    }

    /// Returns whether the connection may serve another request.
    private func write(
        _ response: FakeResponse, for request: RecordedRequest, to outbound: Outbound, closed: EventLoopFuture<Void>
    ) async -> Bool {
        var sent = 0
        func end(completed: Bool) {
            let outcome = ResponseOutcome(uri: request.uri, bodyBytesSent: sent, completed: completed)
            response.onFinish?(outcome)
            finish(outcome)
        }
        // A HEAD answer carries the headers of the GET answer and no body (RFC 9110 §9.3.2):
        // bytes after it would be read as the start of the next response.
        let isHead = request.method == "HEAD"
        do {
            if let delay = response.delayBeforeHead { try await Task.sleep(for: delay) }
            if response.dropsConnection {
                end(completed: false)
                return false
            }
            var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
            switch response.body {
            case .none: headers.replaceOrAdd(name: "Content-Length", value: "0")
            case .bytes(let bytes): headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            case .chunked, .stream: headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            case .cut(let declared, _): headers.replaceOrAdd(name: "Content-Length", value: String(declared))
            }
            let status = HTTPResponseStatus(statusCode: response.status)
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
            switch isHead ? .none : response.body {
            case .none:
                break
            case .bytes(let bytes):
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes))))
                sent = bytes.count
            case .chunked(let chunks, let pause):
                for (index, chunk) in chunks.enumerated() {
                    if index > 0 && pause > .zero { try await Task.sleep(for: pause) }
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                    sent += chunk.count
                }
            case .stream(let chunks):
                let (count, completed) = await Self.write(chunks, to: outbound, until: closed)
                sent = count
                guard completed else {
                    end(completed: false)
                    return false
                }
            case .cut(_, let partial):
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: partial))))
                sent = partial.count
                end(completed: false)
                return false
            }
            try await outbound.write(.end(nil))
            end(completed: true)
            return true
        } catch {
            end(completed: false)
            return false
        }
    }

    /// Writes each chunk as the stream hands it over, until the stream finishes (completed) or
    /// the connection closes (not completed). The close is watched beside the stream, so a
    /// client that leaves while the stream waits for its next chunk is noticed at once, not at
    /// the next write.
    private static func write(
        _ chunks: AsyncStream<[UInt8]>, to outbound: Outbound, until closed: EventLoopFuture<Void>
    ) async -> (sent: Int, completed: Bool) {
        enum End: Sendable {
            case streamEnded(sent: Int, completed: Bool)
            case connectionClosed
            case stopWatching
        }
        let (closeSignal, closeContinuation) = AsyncStream<Void>.makeStream()
        closed.whenComplete { _ in closeContinuation.finish() }
        return await withTaskGroup(of: End.self) { group in
            group.addTask {
                var sent = 0
                do {
                    for await chunk in chunks {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                        sent += chunk.count
                    }
                } catch {
                    return .streamEnded(sent: sent, completed: false)
                }
                // A stream cut short by cancellation (the connection closed) did not complete.
                return .streamEnded(sent: sent, completed: !Task.isCancelled)
            }
            group.addTask {
                for await _ in closeSignal {}
                return Task.isCancelled ? .stopWatching : .connectionClosed
            }
            var result: (sent: Int, completed: Bool)?
            var closedFirst = false
            while let end = await group.next() {
                switch end {
                case .streamEnded(let sent, let completed):
                    result = (sent, completed && !closedFirst)
                case .connectionClosed:
                    closedFirst = result == nil
                case .stopWatching:
                    break
                }
                // Whichever ends first ends the other: the stream's consumer or the close watcher.
                group.cancelAll()
            }
            return result ?? (0, false)
        }
    }
}
