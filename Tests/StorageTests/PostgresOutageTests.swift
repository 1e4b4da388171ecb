import Foundation
import HangarTesting
import SQLKit
import Storage
import Testing

/// When PostgreSQL goes away under the store (a restart, a killed backend, a shutdown), every
/// request ends promptly with `StorageError.unavailable`; none waits forever.
@Suite(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs HANGAR_TEST_POSTGRES_URL"))
struct PostgresOutageTests {
    static func expectUnavailable<T: Sendable>(
        _ what: String, within limit: Duration = .seconds(8), sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: @escaping @Sendable () async throws -> T
    ) async {
        do {
            _ = try await giveUp(after: limit, what, operation)
            Issue.record("\(what) succeeded", sourceLocation: sourceLocation)
        } catch let error as GaveUp {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        } catch StorageError.unavailable {
        } catch {
            Issue.record("\(what) threw \(error), not unavailable", sourceLocation: sourceLocation)
        }
    }

    /// A statement sent on a leased connection after the server closed it (its backend
    /// terminated, as a restart does) fails; the store does not wait for an answer that cannot
    /// come, and the next request gets a new connection.
    @Test func aStatementOnAConnectionTheServerClosedFails() async throws {
        try await TestDatabases.withDatabase(.postgres) { database in
            await Self.expectUnavailable("a statement after the backend ended") {
                try await database.read { sql in
                    let pid = try #require(try await sql.raw("SELECT pg_backend_pid() AS pid").first()?.decode(column: "pid", as: Int.self))
                    try await TestDatabases.terminateBackend(pid: pid)
                    try await sql.raw("SELECT 1").run()
                }
            }
            let answer = try await giveUp(after: .seconds(10), "the next read") {
                try await database.read { sql in try await sql.raw("SELECT 2 AS n").first()?.decode(column: "n", as: Int.self) }
            }
            #expect(answer == 2)
        }
    }

    /// Once the store's service has stopped, a request fails at once instead of queueing for
    /// a pool that will never serve it.
    @Test func aStoppedStoreAnswersUnavailableAtOnce() async throws {
        let location = try await TestDatabases.makeLocation(.postgres)
        let store = try await TestDatabases.openStore(location)
        let running = Task { try await store.run() }
        try await store.read { sql in try await sql.raw("SELECT 1").run() }
        running.cancel()
        _ = await running.result
        let started = ContinuousClock.now
        await Self.expectUnavailable("a read after the store stopped", within: .seconds(3)) {
            try await store.read { sql in try await sql.raw("SELECT 1").run() }
        }
        #expect(ContinuousClock.now - started < .seconds(1))
    }
}
