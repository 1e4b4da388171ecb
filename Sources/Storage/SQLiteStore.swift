import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import ServiceLifecycle
import Synchronization

/// SQLite in WAL mode: one writer connection guarded by an async lock (SQLite has a single
/// writer anyway) and a few reader connections used round-robin, which WAL lets run beside
/// the writer.
public final class SQLiteStore: Database, Service {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    private let writeLock = AsyncLock()
    private let logger: Logger

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    public static func open(path: String, readers: Int = 2, logger: Logger) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let writer = try await openConnection(path: path, logger: logger)
        // WAL is a property of the file; set it once from the writer before readers attach.
        _ = try await writer.query("PRAGMA journal_mode = WAL")
        var readerConnections: [SQLiteConnection] = []
        for _ in 0..<max(1, readers) {
            readerConnections.append(try await openConnection(path: path, logger: logger))
        }
        return SQLiteStore(path: path, writer: writer, readers: readerConnections, logger: logger)
    }

    private static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        // Per-connection settings: wait for locks instead of failing, enforce foreign keys,
        // and NORMAL sync, which in WAL mode keeps every commit across a process kill.
        for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"] {
            _ = try await connection.query(pragma)
        }
        return connection
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.add(1, ordering: .relaxed).newValue
        let connection = readers[abs(index) % readers.count]
        return try await translatingErrors { try await body(connection.sql(queryLogLevel: nil)) }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            let sql = writer.sql(queryLogLevel: nil)
            try await sql.raw("BEGIN IMMEDIATE").run()
            // SQLiteNIO refuses statements from a cancelled task, ROLLBACK included, which would
            // leave the transaction open on the one writer. A cancelled task's COMMIT and every
            // ROLLBACK therefore run in a task of their own: a body that finished commits, one
            // that failed rolls back. (A task for every COMMIT cost a hop on each write.)
            do {
                let result = try await translatingErrors { try await body(sql) }
                do {
                    try await sql.raw("COMMIT").run()
                } catch is CancellationError {
                    try await Task { try await sql.raw("COMMIT").run() }.value
                }
                return result
            } catch {
                _ = try? await Task { try await sql.raw("ROLLBACK").run() }.value
                throw error
            }
        }
    }

    /// Keeps the connections open until graceful shutdown, then closes them.
    public func run() async throws {
        try? await gracefulShutdown()
        // Closing must finish even when run() ends by cancellation, which would otherwise
        // abort the close on SQLite's thread pool and leak open connections.
        await Task { await self.close() }.value
    }

    public func close() async {
        for connection in readers + [writer] {
            try? await connection.close()
        }
    }

    private func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SQLiteError where error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed {
            throw StorageError.uniqueViolation(error.message)
        } catch let error as SQLiteError
            where error.reason == .constraintForeignKeyFailed || error.message.contains("FOREIGN KEY constraint failed")
        {
            // SQLite reports some foreign-key failures under another extended code.
            throw StorageError.foreignKeyViolation(error.message)
        }
    }
}

extension SQLiteStore {
    /// A consistent copy of the database in a new file while the server keeps reading and
    /// writing: `VACUUM INTO` copies one read snapshot (WAL lets writers go on meanwhile)
    /// into a compact file that needs no WAL beside it.
    public func copy(to destination: String) async throws {
        try await read { sql in try await sql.raw("VACUUM INTO \(bind: destination)").run() }
    }
}
