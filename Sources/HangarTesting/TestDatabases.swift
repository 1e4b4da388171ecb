import Foundation
import Logging
import PostgresNIO
import Storage

/// Where a test keeps its data: a fresh temporary directory, and on PostgreSQL a fresh
/// database on the server that `scripts/test` started (HANGAR_TEST_POSTGRES_URL).
public struct TestLocation: Sendable {
    public let engine: DatabaseEngine
    public let dataDirectory: String
    public let databaseURL: String?
}

public enum TestDatabases {
    public static let postgresAdminURL = ProcessInfo.processInfo.environment["HANGAR_TEST_POSTGRES_URL"]

    /// The engines the suite runs on: SQLite always, PostgreSQL when its server is configured.
    public static var engines: [DatabaseEngine] {
        postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static let logger: Logger = {
        var logger = Logger(label: "hangar-test")
        logger.logLevel = .warning
        return logger
    }()

    public static func makeLocation(_ engine: DatabaseEngine) async throws -> TestLocation {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hangar-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard engine == .postgres else { return TestLocation(engine: engine, dataDirectory: directory, databaseURL: nil) }
        guard let admin = postgresAdminURL, var components = URLComponents(string: admin) else {
            throw TestSetupError(description: "HANGAR_TEST_POSTGRES_URL is not set; run the suite through scripts/test")
        }
        let name = "hangar_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await runAdmin(admin, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return TestLocation(engine: engine, dataDirectory: directory, databaseURL: components.string)
    }

    /// Opens, migrates and seeds a fresh database of `engine`, runs `body`, then closes it.
    public static func withDatabase<T: Sendable>(
        _ engine: DatabaseEngine, _ body: @Sendable @escaping (any Database) async throws -> T
    ) async throws -> T {
        let location = try await makeLocation(engine)
        let store: any Database & ServiceRunnable
        if let url = location.databaseURL {
            store = try PostgresStore(url: url, logger: logger)
        } else {
            store = try await SQLiteStore.open(path: location.dataDirectory + "/hangar.sqlite", logger: logger)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await store.run()
                return nil
            }
            defer { group.cancelAll() }
            try await Migrator.migrate(store, logger: logger)
            return try await body(store)
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

public protocol ServiceRunnable: Sendable {
    func run() async throws
}

extension SQLiteStore: ServiceRunnable {}
extension PostgresStore: ServiceRunnable {}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
}
