import NIOCore
import NIOHTTP1

extension FakeHTTPServer {
    /// Answers the requests of one connection in turn until the client leaves, the server
    /// stops, or an answer ends by closing the connection.
    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let received):
                    head = received
                    body = []
                case .body(let buffer):
                    body += buffer.readableBytesView
                case .end:
                    guard let received = head else { continue }
                    let request = RecordedRequest(
                        method: received.method.rawValue, uri: received.uri,
                        headers: received.headers.map { (name: $0.name, value: $0.value) }, body: body)
                    record(request)
                    let response = await handler(request)
                    let keepOpen = await write(response, for: request, to: outbound)
                    if !keepOpen || !received.isKeepAlive { return }
                }
            }
        }
    }

    /// Returns whether the connection may serve another request.
    private func write(
        _ response: FakeResponse, for request: RecordedRequest, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async -> Bool {
        var sent = 0
        do {
            if let delay = response.delayBeforeHead { try await Task.sleep(for: delay) }
            var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
            switch response.body {
            case .none: headers.replaceOrAdd(name: "Content-Length", value: "0")
            case .bytes(let bytes): headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            case .chunked: headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            case .cut(let declared, _): headers.replaceOrAdd(name: "Content-Length", value: String(declared))
            }
            let status = HTTPResponseStatus(statusCode: response.status)
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
            switch response.body {
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
            case .cut(_, let partial):
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: partial))))
                finish(ResponseOutcome(uri: request.uri, bodyBytesSent: partial.count, completed: false))
                return false
            }
            try await outbound.write(.end(nil))
            finish(ResponseOutcome(uri: request.uri, bodyBytesSent: sent, completed: true))
            return true
        } catch {
            finish(ResponseOutcome(uri: request.uri, bodyBytesSent: sent, completed: false))
            return false
        }
    }
}
