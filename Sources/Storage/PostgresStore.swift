import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle
import Synchronization

/// PostgreSQL through PostgresNIO's pooled client. The client only serves queries while its
/// `run()` is running, so the store is a Service the application runs beside the server.
public final class PostgresStore: Database, Service {
    public let engine = DatabaseEngine.postgres
    public let client: PostgresClient
    private let logger: Logger

    public init(url: String, logger: Logger) throws {
        self.client = PostgresClient(configuration: try PostgresURL.configuration(from: url), backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the client until cancelled. Its shutdown gets `shutdownGrace` to close the pool;
    /// past that the store returns anyway, so a stopping server or test never waits on it.
    public func run() async throws {
        let client = self.client
        let runner = Task { await client.run() }
        let ended = OneShot()
        Task {
            await runner.value
            ended.fire()
        }
        await withTaskCancellationHandler {
            await ended.wait()
        } onCancel: {
            runner.cancel()
            Task {
                try? await Task.sleep(for: Self.shutdownGrace)
                ended.fire()
            }
        }
    }

    static let shutdownGrace = Duration.seconds(2)

    /// How long a request waits for a pooled connection. While PostgreSQL is down the pool
    /// retries with backoff and would hold requests for a minute or more; past this wait the
    /// request fails with `StorageError.unavailable` instead.
    static let acquireTimeout = Duration.seconds(5)

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await translatingErrors {
            try await withConnection { connection in
                try await body(connection.sql(queryLogLevel: nil))
            }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await translatingErrors {
            try await withConnection { connection in
                let sql = connection.sql(queryLogLevel: nil)
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

    private enum Outcome<T: Sendable>: Sendable {
        case done(T)
        case waited
    }

    /// `client.withConnection`, bounded in how long it waits for the connection (not in how
    /// long `body` runs once it has one).
    private func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let acquired = AcquiredFlag()
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: Outcome<T>.self) { group in
                group.addTask {
                    .done(try await self.client.withConnection { connection in
                        acquired.set()
                        return try await body(connection)
                    })
                }
                group.addTask {
                    try await Task.sleep(for: Self.acquireTimeout)
                    return .waited
                }
                while let outcome = try await group.next() {
                    switch outcome {
                    case .done(let value):
                        group.cancelAll()
                        return value
                    case .waited where !acquired.isSet:
                        group.cancelAll()
                        throw StorageError.unavailable("PostgreSQL: no connection within \(Self.acquireTimeout)")
                    case .waited:
                        continue
                    }
                }
                throw CancellationError()
            }
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
        } catch where String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") {
            // The pool's circuit breaker: connections keep failing to open.
            throw StorageError.unavailable("PostgreSQL: no connection could be opened")
        }
    }

    /// Failures of the connection rather than of the statement: retrying later may succeed.
    static let unavailableCodes: Set<PSQLError.Code> = [
        .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
        .sslUnsupported, .failedToAddSSLHandler,
    ]

    /// SQLSTATE classes 08 (connection), 57P (shutdown), 53300 (too many connections),
    /// 3D000 (the database is gone), 28 (authentication).
    static func isUnavailableState(_ state: String) -> Bool {
        state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("28") || state == "53300" || state == "3D000"
    }
}

/// Reads `postgres://user:password@host:port/database?sslmode=…` into a client configuration.
public enum PostgresURL {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased())
        else {
            throw Invalid(description: "DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(description: "DATABASE_URL has no user name (postgres://USER:password@host/database)")
        }
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? nil : database.removingPercentEncoding, tls: tls)
        configuration.options.maximumConnections = 10
        // Fail fast when the server is gone, so health checks and requests answer promptly.
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}

private final class AcquiredFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// Fires once; any number of tasks wait for it (those arriving later return at once).
final class OneShot: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if state.fired { return [] }
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
