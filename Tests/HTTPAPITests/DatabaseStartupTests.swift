import App
import HangarTesting
import SQLKit
import Storage
import Testing

/// PostgreSQL started beside Hangar (a compose file, a host booting) may answer after Hangar
/// starts: startup waits for it instead of failing on the first refused connection.
@Suite(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs HANGAR_TEST_POSTGRES_URL"))
struct DatabaseStartupTests {
    @Test(.timeLimit(.minutes(1)))
    func startupWaitsForADatabaseThatComesUpLater() async throws {
        let location = try await TestDatabases.makeLocation(.postgres)
        try await TestDatabases.dropDatabase(location)
        let url = try #require(location.databaseURL)
        let store = try PostgresStore(url: url, logger: TestDatabases.logger, acquireTimeout: .seconds(1))
        let capture = LogCapture()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            let prepared = Task { try await DatabaseFactory.prepare(store, logger: capture.logger(), wait: .seconds(45)) }
            let waiting = await capture.line(containing: "waiting for the database")
            #expect(!waiting.contains("password"), "\(waiting)")
            try await TestDatabases.recreateDatabase(location)
            try await prepared.value
            let builtins = try await store.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM models").first()?.decode(column: "n", as: Int.self)
            }
            #expect((builtins ?? 0) > 0)
        }
    }

    /// Past its wait, startup gives up with the database's own error, not a hang.
    @Test(.timeLimit(.minutes(1)))
    func startupGivesUpAfterItsWait() async throws {
        let location = try await TestDatabases.makeLocation(.postgres)
        try await TestDatabases.dropDatabase(location)
        let store = try PostgresStore(url: try #require(location.databaseURL), logger: TestDatabases.logger, acquireTimeout: .seconds(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            await #expect(throws: StorageError.self) {
                try await DatabaseFactory.prepare(store, logger: TestDatabases.logger, wait: .seconds(2))
            }
        }
    }
}
