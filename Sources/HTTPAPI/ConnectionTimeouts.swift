import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

/// How long a connection may keep a socket without making progress. A client gets
/// `header` to send a whole request head, counted from the connection's start or from the
/// first byte of its next request; between requests a keep-alive connection may stay silent
/// for `idle`. A response being written (an event stream included) is never cut.
public struct ConnectionTimeouts: Sendable, Equatable {
    public var header: Duration
    public var idle: Duration

    public init(header: Duration = .seconds(10), idle: Duration = .seconds(60)) {
        self.header = header
        self.idle = idle
    }

    /// Hummingbird's HTTP/1.1 server with these timeouts on every connection.
    public var server: HTTPServerBuilder {
        let timeouts = self
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(base: HTTP1Channel(responder: responder), timeouts: timeouts)
        }
    }
}

/// `HTTP1Channel` plus the two handlers that enforce `ConnectionTimeouts` (one in front of
/// the HTTP decoder, which alone sees the first byte of a request; one after it, which sees
/// where requests and responses begin and end) and `AbsoluteTarget`.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    let timeouts: ConnectionTimeouts

    var responder: Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeouts = self.timeouts
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let watch = ConnectionWatch(timeouts: timeouts, channel: channel)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ConnectionWatch.ByteSide(watch), position: .first)
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(ConnectionWatch.MessageSide(watch), position: .after(state))
            let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
            try pipeline.addHandler(AbsoluteTarget(), position: .before(codec))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
