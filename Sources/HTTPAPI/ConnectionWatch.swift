import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// One connection's clock: which deadline applies now, and closing the connection when it
/// passes. Lives on the connection's event loop, shared by its two handlers.
final class ConnectionWatch {
    enum Phase {
        /// Waiting for a whole request head (the header timeout runs).
        case awaitingHead
        /// A request is being read or answered: no deadline.
        case busy
        /// Between requests on a keep-alive connection (the idle timeout runs).
        case idle
    }

    private let timeouts: ConnectionTimeouts
    private let channel: any Channel
    private var phase = Phase.awaitingHead
    private var started = false
    /// Requests whose response has not ended yet (HTTP/1.1 may pipeline a few).
    private var unanswered = 0
    private var answeringEventStream = false
    private var timer: Scheduled<Void>?

    init(timeouts: ConnectionTimeouts, channel: any Channel) {
        self.timeouts = timeouts
        self.channel = channel
    }

    func start() {
        guard !started else { return }
        started = true
        HangarMetrics.connectionsOpen.increment()
        arm(.awaitingHead)
    }

    func stop() {
        timer?.cancel()
        timer = nil
        if started { HangarMetrics.connectionsOpen.decrement() }
        started = false
    }

    /// The first byte of the next request starts the header timeout again.
    func bytesArrived() {
        if phase == .idle { arm(.awaitingHead) }
    }

    func requestHeadArrived() {
        unanswered += 1
        timer?.cancel()
        timer = nil
        phase = .busy
    }

    func responseStarted(_ response: HTTPResponse) {
        answeringEventStream = response.headerFields[.contentType]?.hasPrefix("text/event-stream") == true
    }

    func responseEnded() {
        unanswered = max(0, unanswered - 1)
        answeringEventStream = false
        if unanswered == 0 { arm(.idle) }
    }

    /// The client closed its side. An event stream has no end of its own, so it ends now
    /// rather than at the next write; other responses are still written out.
    func inputClosed() {
        if answeringEventStream { channel.close(promise: nil) }
    }

    private func arm(_ next: Phase) {
        timer?.cancel()
        phase = next
        let delay = next == .idle ? timeouts.idle : timeouts.header
        timer = channel.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [self] in
            guard phase == next else { return }
            (next == .idle ? HangarMetrics.idleTimeouts : HangarMetrics.headerTimeouts).increment()
            channel.close(promise: nil)
        }
    }

    /// Sees the raw bytes, before the HTTP decoder.
    final class ByteSide: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        let watch: ConnectionWatch

        init(_ watch: ConnectionWatch) {
            self.watch = watch
        }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { watch.start() }
        }

        func channelActive(context: ChannelHandlerContext) {
            watch.start()
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            watch.stop()
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            watch.stop()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            watch.bytesArrived()
            context.fireChannelRead(data)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed { watch.inputClosed() }
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Sees requests and responses, after the HTTP codec.
    final class MessageSide: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart

        let watch: ConnectionWatch

        init(_ watch: ConnectionWatch) {
            self.watch = watch
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head = unwrapInboundIn(data) { watch.requestHeadArrived() }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            switch unwrapOutboundIn(data) {
            case .head(let response): watch.responseStarted(response)
            case .end: watch.responseEnded()
            case .body: break
            }
            context.write(data, promise: promise)
        }
    }
}
