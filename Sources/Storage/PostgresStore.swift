import Foundation
import HangarCore
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle
import Synchronization

/// PostgreSQL through PostgresNIO's pooled client. The client only serves queries while its
/// `run()` is running, so the store is a Service the application runs beside the server.
///
/// Every request ends: waiting for a connection is bounded (`acquireTimeout`), a statement on
/// a connection that closed fails at once (`LiveConnectionSQL`), and once the store has stopped
/// requests fail without reaching the pool. Connection failures surface as
/// `StorageError.unavailable`; when PostgreSQL comes back, the pool opens new connections.
public final class PostgresStore: Database, Service {
    public let engine = DatabaseEngine.postgres
    private let client: PostgresClient
    private let logger: Logger
    private let stopped = Atomic<Bool>(false)
    /// Set when a wait for a connection ran out, cleared by the next connection had.
    private let unreachable = Atomic<Bool>(false)
    private let acquireTimeout: Duration

    /// `acquireTimeout` is how long a request waits for a pooled connection (see
    /// `defaultAcquireTimeout`).
    public init(url: String, logger: Logger, acquireTimeout: Duration = PostgresStore.defaultAcquireTimeout) throws {
        self.client = PostgresClient(configuration: try PostgresURL.configuration(from: url), backgroundLogger: logger)
        self.logger = logger
        self.acquireTimeout = acquireTimeout
    }

    /// Runs the client until cancelled (or, inside a service group, until graceful shutdown).
    /// Its shutdown gets `shutdownGrace` to close the pool; past that the store returns anyway,
    /// so a stopping server or test never waits on it.
    public func run() async throws {
        let client = self.client
        let runner = Task { await client.run() }
        let ended = Latch()
        Task {
            await runner.value
            self.stopped.store(true, ordering: .releasing)
            ended.open()
        }
        await withTaskCancellationHandler {
            await ended.waitIgnoringCancellation()
        } onCancel: {
            self.stopped.store(true, ordering: .releasing)
            runner.cancel()
            Task {
                try? await Task.sleep(for: Self.shutdownGrace)
                ended.open()
            }
        }
    }

    static let shutdownGrace = Duration.seconds(2)

    /// How long a request waits for a pooled connection. While PostgreSQL is down the pool
    /// retries with backoff and would hold requests for a minute or more; past this wait the
    /// request fails with `StorageError.unavailable` instead.
    public static let defaultAcquireTimeout = Duration.seconds(5)

    /// The wait while the last one ran out: PostgreSQL is most likely down, and a request that
    /// touches the database several times should not spend `acquireTimeout` on each.
    static let unreachableAcquireTimeout = Duration.seconds(1)

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await translatingErrors {
            try await withConnection { connection in
                try await body(LiveConnectionSQL(connection))
            }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await translatingErrors {
            try await withConnection { connection in
                let sql = LiveConnectionSQL(connection)
                try await sql.raw("BEGIN").run()
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }

    /// Runs `consume` with the notifications of `channel` on a connection of its own, held
    /// until `consume` returns; the sequence ends with an error when the connection drops.
    public func listen<T: Sendable>(
        on channel: String, _ consume: @Sendable (PostgresNotificationSequence) async throws -> T
    ) async throws -> T {
        try await translatingErrors {
            try await withConnection { connection in try await connection.listen(on: channel, consume: consume) }
        }
    }

    /// A pooled connection for `body`, waited for at most `acquireTimeout` (not bounded once
    /// `body` runs).
    private func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        guard !stopped.load(ordering: .acquiring) else {
            throw StorageError.unavailable("PostgreSQL: the store has stopped")
        }
        let limit = unreachable.load(ordering: .relaxed) ? min(Self.unreachableAcquireTimeout, acquireTimeout) : acquireTimeout
        let deadline = ContinuousClock.now + limit
        while true {
            let (connection, handoff) = try await lease(until: deadline, limit: limit)
            defer { handoff.release() }
            // The pool may hand out a connection the server just closed, before it heard of
            // the close (a restart, a killed backend); nothing was sent on it yet, so take another.
            if connection.isClosed, ContinuousClock.now < deadline {
                await Task.yield()
                continue
            }
            unreachable.store(false, ordering: .relaxed)
            return try await body(connection)
        }
    }

    /// Leases a connection, waiting until `deadline` at the latest, and returns it with the
    /// handoff to release it through.
    private func lease(until deadline: ContinuousClock.Instant, limit: Duration) async throws -> (PostgresConnection, ConnectionHandoff) {
        let handoff = ConnectionHandoff()
        let client = self.client
        // Not awaited, on purpose (see ConnectionHandoff): it ends by itself once the pool
        // answers, at the latest when the pool shuts down.
        let holder = Task {
            do {
                try await client.withConnection { connection in await handoff.hold(connection) }
            } catch {
                handoff.fail(error)
            }
        }
        let timer = Task {
            try await Task.sleep(until: deadline)
            if handoff.giveUp(StorageError.unavailable("PostgreSQL: no connection within \(limit)")) {
                self.unreachable.store(true, ordering: .relaxed)
            }
        }
        defer { timer.cancel() }
        do {
            let connection = try await withTaskCancellationHandler {
                try await handoff.take()
            } onCancel: {
                handoff.giveUp(CancellationError())
            }
            return (connection, handoff)
        } catch {
            holder.cancel()
            throw error
        }
    }

    private func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            let state = error.serverInfo?[.sqlState]
            switch state {
            case "23505": throw StorageError.uniqueViolation(error.serverInfo?[.constraintName] ?? "unique")
            case "23503": throw StorageError.foreignKeyViolation(error.serverInfo?[.constraintName] ?? "foreign key")
            default:
                if Self.unavailableCodes.contains(error.code) || state.map(Self.isUnavailableState) == true {
                    throw StorageError.unavailable("PostgreSQL: \(error.code)\(state.map { " (SQLSTATE \($0))" } ?? "")")
                }
                throw error
            }
        } catch let error where String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") {
            // The pool's circuit breaker, or the pool shutting down.
            throw StorageError.unavailable("PostgreSQL: no connection could be opened")
        }
    }

    /// Failures of the connection rather than of the statement: retrying later may succeed.
    static let unavailableCodes: Set<PSQLError.Code> = [
        .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
        .sslUnsupported, .failedToAddSSLHandler, .listenFailed,
    ]

    /// SQLSTATE classes 08 (connection), 57P (shutdown), 53300 (too many connections),
    /// 3D000 (the database is gone), 28 (authentication).
    static func isUnavailableState(_ state: String) -> Bool {
        state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("28") || state == "53300" || state == "3D000"
    }
}
