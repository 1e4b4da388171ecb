import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// A server-sent event stream: frames from `frames`, a comment line every `heartbeat` while it
/// is quiet, and an end on graceful shutdown so a stopping server never waits on a client. It
/// also ends as soon as its connection closes, so a client that left stops costing a
/// subscription at once rather than at the next write.
struct EventStream: Sendable {
    let heartbeat: Duration
    let connectionClosed: EventLoopFuture<Void>

    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8",
        .cacheControl: "no-cache",
        // Tells nginx-style proxies not to buffer the stream.
        HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    /// One event as it goes on the wire. `data` must be a single line (compact JSON is).
    static func frame(id: Int64?, event: String, data: String) -> String {
        var text = ""
        if let id { text += "id: \(id)\n" }
        return text + "event: \(event)\ndata: \(data)\n\n"
    }

    func response(_ frames: @escaping @Sendable (AsyncStream<String>.Continuation) async -> Void) -> Response {
        let heartbeat = self.heartbeat
        let connectionClosed = self.connectionClosed
        return Response(
            status: .ok, headers: Self.headers,
            body: .init { writer in
                HangarMetrics.eventStreamsOpen.increment()
                defer { HangarMetrics.eventStreamsOpen.decrement() }
                let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(4096))
                // A callback, not a task: the group would wait for a task on a future that only a
                // closing connection completes, and a finished stream must not wait for that.
                connectionClosed.whenComplete { _ in continuation.finish() }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // A stopping server must not wait on an endless stream: end it on shutdown.
                        await cancelWhenGracefulShutdown { await frames(continuation) }
                        continuation.finish()
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: heartbeat)
                            continuation.yield(": ping\n\n")
                        }
                    }
                    defer { group.cancelAll() }
                    // Tells the browser how long to wait before reconnecting after a drop.
                    try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                    for await frame in stream {
                        try await writer.write(ByteBuffer(string: frame))
                    }
                }
                try await writer.finish(nil)
            })
    }
}
