import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// What every fake server shares: a loopback HTTP/1.1 listener (over TLS with `context`), and
/// the request each connection's parts add up to.
enum FakeHTTPListener {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    typealias Listener = NIOAsyncChannel<Connection, Never>

    /// Listens on 127.0.0.1:`port` (0 takes a free one).
    static func listen(tls context: NIOSSLContext?, port: Int = 0) async throws -> Listener {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
    }
}

/// Adds up the parts of one request at a time on a connection.
struct RequestCollector {
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    /// The whole request once its end arrives, and whether its client keeps the connection; nil before.
    mutating func add(_ part: HTTPServerRequestPart) -> (request: RecordedRequest, keepAlive: Bool)? {
        switch part {
        case .head(let received):
            head = received
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let received = head else { return nil }
            let request = RecordedRequest(
                method: received.method.rawValue, uri: received.uri,
                headers: received.headers.map { (name: $0.name, value: $0.value) }, body: body)
            return (request, received.isKeepAlive)
        }
        return nil
    }
}
