import Catalog
import Logging
import ServiceLifecycle
import Storage

/// Opens the database the configuration names and prepares it (migrations, builtin seed).
public enum DatabaseFactory {
    public struct Opened: Sendable {
        public let database: any Database
        /// Runs while the database is in use: PostgreSQL's client serves queries only while
        /// it runs; SQLite closes its connections when it ends.
        public let service: any Service
    }

    public static func open(_ configuration: HangarConfiguration, logger: Logger) async throws -> Opened {
        if let url = configuration.databaseURL {
            let store = try PostgresStore(url: url, logger: logger, acquireTimeout: .seconds(configuration.databaseWaitSeconds))
            return Opened(database: store, service: store)
        }
        let store = try await SQLiteStore.open(path: configuration.sqlitePath, logger: logger)
        return Opened(database: store, service: store)
    }

    /// How long startup waits for the database to answer. PostgreSQL started beside Hangar
    /// (a compose file, a host booting) may take longer than one request's wait.
    public static let startupWait = Duration.seconds(60)

    public static func prepare(_ database: any Database, logger: Logger, wait: Duration = startupWait) async throws {
        let deadline = ContinuousClock.now + wait
        while true {
            do {
                try await Migrator.migrate(database, logger: logger)
                break
            } catch StorageError.unavailable(let reason) where ContinuousClock.now < deadline {
                // Migrations run in transactions, so an attempt cut short is safe to repeat.
                logger.warning("waiting for the database", metadata: ["reason": "\(reason)"])
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        try await CatalogSeeder.seed(database)
    }

    /// Runs `body` with an open, prepared database, running PostgreSQL's client beside it.
    public static func withDatabase<T: Sendable>(
        _ configuration: HangarConfiguration, logger: Logger, _ body: @Sendable @escaping (any Database) async throws -> T
    ) async throws -> T {
        let opened = try await open(configuration, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await opened.service.run()
                return nil
            }
            defer { group.cancelAll() }
            try await prepare(opened.database, logger: logger)
            return try await body(opened.database)
        }
    }
}
