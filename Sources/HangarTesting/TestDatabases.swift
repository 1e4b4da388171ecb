import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage

/// Where a test keeps its data: a fresh temporary directory, and on PostgreSQL a fresh
/// database on the server that `scripts/test` started (HANGAR_TEST_POSTGRES_URL).
public struct TestLocation: Sendable {
    public let engine: DatabaseEngine
    public let dataDirectory: String
    public let databaseURL: String?
    let slot: PostgresSlot?

    init(engine: DatabaseEngine, dataDirectory: String, databaseURL: String?, slot: PostgresSlot? = nil) {
        self.engine = engine
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.slot = slot
    }

    /// The SQLite file of this location (unused on PostgreSQL).
    public var sqlitePath: String { dataDirectory + "/hangar.sqlite" }
}

/// One of the PostgreSQL locations that may be in use at once, given back when the last copy
/// of its location goes away (its test is over).
final class PostgresSlot: Sendable {
    deinit { TestDatabases.postgresSlots.release() }
}

public enum TestDatabases {
    public static let postgresAdminURL = ProcessInfo.processInfo.environment["HANGAR_TEST_POSTGRES_URL"]

    /// The engines the suite runs on: SQLite always, PostgreSQL when its server is configured.
    public static var engines: [DatabaseEngine] {
        postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static let logger: Logger = {
        // PostgresNIO warns when a query waits for `run()` to start, which the helpers do on purpose.
        var logger = Logger(label: "hangar-test")
        logger.logLevel = .error
        return logger
    }()

    /// How many PostgreSQL test databases may be in use at once. With every test of the suite
    /// running in parallel, more than that would open more connections than the test server
    /// takes (300) and crowd two cores; HANGAR_TEST_POSTGRES_SLOTS changes it.
    static let postgresSlots = AsyncLock(
        permits: ProcessInfo.processInfo.environment["HANGAR_TEST_POSTGRES_SLOTS"].flatMap { Int($0) } ?? 24)

    public static func makeLocation(_ engine: DatabaseEngine) async throws -> TestLocation {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hangar-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard engine == .postgres else { return TestLocation(engine: engine, dataDirectory: directory, databaseURL: nil) }
        guard let admin = postgresAdminURL, var components = URLComponents(string: admin) else {
            throw TestSetupError(description: "HANGAR_TEST_POSTGRES_URL is not set; run the suite through scripts/test")
        }
        await postgresSlots.acquire()
        let slot = PostgresSlot()
        let name = "hangar_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await runAdmin(admin, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return TestLocation(engine: engine, dataDirectory: directory, databaseURL: components.string, slot: slot)
    }

    /// The whole suite runs at once in this process, hundreds of tests on two cores: a lease
    /// can wait more than the server's 5 s for its turn on the scheduler (seen in parallel
    /// runs), with the pool idle. A test that wants PostgreSQL's absence measures it otherwise.
    static let postgresAcquireTimeout = Duration.seconds(30)

    /// Opens the store of `location` without migrating it.
    public static func openStore(_ location: TestLocation) async throws -> any Database & Service {
        if let url = location.databaseURL {
            return try PostgresStore(url: url, logger: logger, acquireTimeout: postgresAcquireTimeout)
        }
        return try await SQLiteStore.open(path: location.sqlitePath, logger: logger)
    }

    /// Opens the store of `location` (migrated only when `migrate` is true), runs `body`
    /// while the store's service runs, then closes it. Calling it again on the same location
    /// is a restart: the data is still there.
    public static func withStore<T: Sendable>(
        _ location: TestLocation, migrate: Bool = true, _ body: @Sendable @escaping (any Database) async throws -> T
    ) async throws -> T {
        let store = try await openStore(location)
        // The location's slot stays taken while its database is in use.
        defer { withExtendedLifetime(location) {} }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await store.run()
                return nil
            }
            defer { group.cancelAll() }
            if migrate { try await Migrator.migrate(store, logger: logger) }
            return try await body(store)
        }
    }

    /// Opens and migrates a fresh database of `engine` (the catalog seed is the caller's),
    /// runs `body`, then closes it.
    public static func withDatabase<T: Sendable>(
        _ engine: DatabaseEngine, _ body: @Sendable @escaping (any Database) async throws -> T
    ) async throws -> T {
        try await withStore(try await makeLocation(engine), migrate: true, body)
    }

    /// Drops the PostgreSQL database of `location` while clients may still use it, as when
    /// the database goes away under a running server.
    public static func dropDatabase(_ location: TestLocation) async throws {
        guard let admin = postgresAdminURL, let url = location.databaseURL, let components = URLComponents(string: url) else {
            throw TestSetupError(description: "\(location.engine) location has no PostgreSQL database to drop")
        }
        try await runAdmin(admin, "DROP DATABASE \(components.path.dropFirst()) WITH (FORCE)")
    }

    /// Creates the PostgreSQL database of `location` again after `dropDatabase`, as when
    /// the database server comes up after Hangar.
    public static func recreateDatabase(_ location: TestLocation) async throws {
        guard let admin = postgresAdminURL, let url = location.databaseURL, let components = URLComponents(string: url) else {
            throw TestSetupError(description: "\(location.engine) location has no PostgreSQL database to create")
        }
        try await runAdmin(admin, "CREATE DATABASE \(components.path.dropFirst())")
    }

    /// Ends one server process of the test server (as a crash, a restart or an administrator
    /// would) and returns once PostgreSQL no longer lists it.
    public static func terminateBackend(pid: Int) async throws {
        guard let admin = postgresAdminURL else { throw TestSetupError(description: "HANGAR_TEST_POSTGRES_URL is not set") }
        try await runAdmin(admin, "SELECT pg_terminate_backend(\(pid))")
        while try await adminCount(admin, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = \(pid)") > 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func adminCount(_ url: String, _ statement: String) async throws -> Int {
        let configuration = try PostgresURL.configuration(from: url)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                await client.run()
                return 0
            }
            defer { group.cancelAll() }
            for try await count in try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger).decode(Int.self) {
                return count
            }
            return 0
        }
    }

    static func runAdmin(_ url: String, _ statement: String) async throws {
        let configuration = try PostgresURL.configuration(from: url)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
