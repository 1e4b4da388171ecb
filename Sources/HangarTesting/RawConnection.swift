import NIOCore
import NIOPosix
import Synchronization

/// A bare TCP connection to a server under test, for what an HTTP client library cannot do:
/// send nothing, half a request line, two Host headers, an absolute-form target, or hang up
/// in the middle of an event stream, and watch when the server closes the socket.
public final class RawConnection: Sendable {
    private let channel: any Channel
    private let inbox: Inbox

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    public static func open(port: Int, host: String = "127.0.0.1") async throws -> RawConnection {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(inbox)) }
            }
            .connect(host: host, port: port).get()
        channel.closeFuture.whenComplete { _ in inbox.finish() }
        return RawConnection(channel: channel, inbox: inbox)
    }

    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Everything received so far.
    public var received: String { inbox.text }

    /// Waits until the received text contains `marker`; returns all of it. Throws when the
    /// connection ends or `timeout` passes first.
    @discardableResult
    public func receive(until marker: String, timeout: Duration = .seconds(10)) async throws -> String {
        let found = try await withDeadline(timeout) { await self.inbox.wait { $0.contains(marker) } }
        guard found else { throw Failure(description: "'\(marker)' never came; received: \(inbox.text.prefix(600))") }
        return inbox.text
    }

    /// Waits for the server to close the connection; false when `timeout` passes first.
    public func closedByServer(within timeout: Duration) async -> Bool {
        if inbox.ended { return true }
        return (try? await withDeadline(timeout) { await self.inbox.waitForEnd() }) ?? false
    }

    public var isOpen: Bool { channel.isActive }

    public func close() async {
        try? await channel.close()
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `body`; false when `timeout` passes first.
    private func withDeadline(_ timeout: Duration, _ body: @escaping @Sendable () async -> Bool) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next().flatMap { $0 } ?? false
        }
    }

    /// What arrived, and whoever waits for more of it.
    final class Inbox: Sendable {
        private let state = Mutex<(text: String, ended: Bool, waiters: [(UInt64, CheckedContinuation<Void, Never>)], next: UInt64)>(
            ("", false, [], 0))

        var text: String { state.withLock { $0.text } }
        var ended: Bool { state.withLock { $0.ended } }

        func append(_ text: String) {
            wake { $0.text += text }
        }

        func finish() {
            wake { $0.ended = true }
        }

        /// Whether `condition` held before the connection ended.
        func wait(_ condition: @Sendable (String) -> Bool) async -> Bool {
            while true {
                let (text, ended) = state.withLock { ($0.text, $0.ended) }
                if condition(text) { return true }
                if ended || Task.isCancelled { return false }
                await nextChange(after: text)
            }
        }

        func waitForEnd() async -> Bool {
            while !Task.isCancelled {
                let (text, ended) = state.withLock { ($0.text, $0.ended) }
                if ended { return true }
                await nextChange(after: text)
            }
            return false
        }

        private func wake(
            _ change: (inout (text: String, ended: Bool, waiters: [(UInt64, CheckedContinuation<Void, Never>)], next: UInt64)) -> Void
        ) {
            let waiters = state.withLock { state in
                change(&state)
                defer { state.waiters = [] }
                return state.waiters.map(\.1)
            }
            for waiter in waiters { waiter.resume() }
        }

        /// Returns at the next change (or at once if one already happened, or on cancel).
        private func nextChange(after seen: String) async {
            let ticket = state.withLock { state in
                state.next += 1
                return state.next
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let stale = state.withLock { state in
                        if state.text != seen || state.ended || Task.isCancelled { return true }
                        state.waiters.append((ticket, continuation))
                        return false
                    }
                    if stale { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard let index = state.waiters.firstIndex(where: { $0.0 == ticket }) else { return nil }
                    return state.waiters.remove(at: index).1
                }
                waiter?.resume()
            }
        }
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let inbox: Inbox

        init(_ inbox: Inbox) {
            self.inbox = inbox
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            inbox.append(buffer.readString(length: buffer.readableBytes) ?? "")
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            // The server closed its side: nothing more will come.
            if let event = event as? ChannelEvent, event == .inputClosed { inbox.finish() }
            context.fireUserInboundEventTriggered(event)
        }
    }
}
