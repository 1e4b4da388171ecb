import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 with an ephemeral port, answering with whatever the
/// handler returns and recording every request. The base of the upstream fakes: it can also
/// stream a body slowly, stay silent, or cut a body off, like real servers and networks do.
public final class FakeHTTPServer: Sendable {
    public typealias Handler = @Sendable (RecordedRequest) async -> FakeResponse

    public let port: Int
    public let isTLS: Bool
    let handler: Handler
    private let state = Mutex(State())

    struct State {
        var requests: [RecordedRequest] = []
        var outcomes: [ResponseOutcome] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<[ResponseOutcome], Never>)] = []
    }

    private init(port: Int, isTLS: Bool, handler: @escaping Handler) {
        self.port = port
        self.isTLS = isTLS
        self.handler = handler
    }

    /// `http://127.0.0.1:<port>` (or https).
    public var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }

    /// The same server under another host name, for checks that depend on the origin changing.
    public var localhostURL: String { "\(isTLS ? "https" : "http")://localhost:\(port)" }

    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Waits until `count` answers have ended (in full or cut off by the client) and returns them.
    public func outcomes(count: Int) async -> [ResponseOutcome] {
        await withCheckedContinuation { continuation in
            let ready: [ResponseOutcome]? = state.withLock { state in
                if state.outcomes.count >= count { return state.outcomes }
                state.waiters.append((count, continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Runs `body` with a listening server and stops it, closing every connection, when `body` returns.
    /// `port` 0 takes a free one.
    public static func withServer<T: Sendable>(
        tls: Bool = false, port: Int = 0, handler: @escaping Handler, _ body: (FakeHTTPServer) async throws -> T
    ) async throws -> T {
        let sslContext = tls ? try FakeTLSIdentity.serverContext() : nil
        let listener = try await FakeHTTPListener.listen(tls: sslContext, port: port)
        guard let port = listener.channel.localAddress?.port else {
            throw TestSetupError(description: "the fake server has no local port")
        }
        let server = FakeHTTPServer(port: port, isTLS: tls, handler: handler)
        // Stopping closes the listener and then drains its stream: a connection accepted just
        // before the close is still served and closed. Cancelling the accept loop instead would
        // drop such a connection unclosed, which NIO traps on ("Deinited NIOAsyncWriter").
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    await withDiscardingTaskGroup { handlers in
                        do {
                            for try await connection in connections {
                                handlers.addTask { await server.serve(connection) }
                            }
                        } catch {
                            // The listener failed; the connections already taken are stopped below.
                        }
                        handlers.cancelAll()
                    }
                }
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(server))
            } catch {
                result = .failure(error)
            }
            try? await listener.channel.close()
            try? await group.waitForAll()
            return try result.get()
        }
    }

    func record(_ request: RecordedRequest) {
        state.withLock { $0.requests.append(request) }
    }

    func finish(_ outcome: ResponseOutcome) {
        let (ready, all) = state.withLock { state in
            state.outcomes.append(outcome)
            let count = state.outcomes.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return (ready, state.outcomes)
        }
        for continuation in ready { continuation.resume(returning: all) }
    }
}
