import Foundation
import HangarTesting
import SQLKit
import Storage
import Testing

/// Migrations run on both engines, once: a second run (or a restart) applies nothing and
/// keeps the data.
@Suite struct MigrationTests {
    static func appliedVersions(_ database: any Database) async throws -> [Int] {
        try await database.read { sql in
            try await sql.raw("SELECT version FROM hangar_migrations ORDER BY version").all()
                .map { try $0.decode(column: "version", as: Int.self) }
        }
    }

    static func insertProvider(_ id: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO providers (id, kind, name, name_key, enabled, is_builtin, created_at, updated_at)
            VALUES (\(bind: id), 'openai', \(bind: id), \(bind: id.lowercased()), \(bind: true), \(bind: false), 'now', 'now')
            """
        ).run()
    }

    @Test(arguments: TestDatabases.engines)
    func migrationsApplyOnceAndAreIdempotent(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await TestDatabases.withStore(location, migrate: false) { database in
            let first = try await Migrator.migrate(database, logger: TestDatabases.logger)
            #expect(first == Migrator.all.map(\.version))
            let second = try await Migrator.migrate(database, logger: TestDatabases.logger)
            #expect(second.isEmpty)
            #expect(try await Self.appliedVersions(database) == Migrator.all.map(\.version))
            try await database.write { sql in try await Self.insertProvider("kept", on: sql) }
        }
        // A restart migrates again: nothing to apply, and the data is still there.
        try await TestDatabases.withStore(location, migrate: false) { database in
            #expect(try await Migrator.migrate(database, logger: TestDatabases.logger).isEmpty)
            let count = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM providers WHERE id = 'kept'").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 1)
        }
    }

    /// Replicas starting together on one fresh database: each version is applied once and
    /// no replica fails.
    @Test(arguments: TestDatabases.engines)
    func concurrentMigrationsApplyEachVersionOnce(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await TestDatabases.withStore(location, migrate: false) { database in
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<8 { group.addTask { try await Migrator.migrate(database, logger: TestDatabases.logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == Migrator.all.map(\.version))
            #expect(try await Self.appliedVersions(database) == Migrator.all.map(\.version))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func laterMigrationsApplyInOrder(_ engine: DatabaseEngine) async throws {
        let extra = Migration(version: 900, name: "test_extra") { _ in ["CREATE TABLE test_extra (id INTEGER PRIMARY KEY)"] }
        let broken = Migration(version: 901, name: "test_broken") { _ in
            ["CREATE TABLE test_broken (id INTEGER PRIMARY KEY)", "THIS IS NOT SQL"]
        }
        try await TestDatabases.withDatabase(engine) { database in
            let applied = try await Migrator.migrate(database, migrations: Migrator.all + [extra], logger: TestDatabases.logger)
            #expect(applied == [900])
            await #expect(throws: (any Error).self) {
                try await Migrator.migrate(database, migrations: Migrator.all + [extra, broken], logger: TestDatabases.logger)
            }
            // The failed migration left nothing behind and is not recorded.
            #expect(try await Self.appliedVersions(database) == Migrator.all.map(\.version) + [900])
            await #expect(throws: (any Error).self) {
                try await database.read { sql in try await sql.raw("SELECT id FROM test_broken").run() }
            }
        }
    }
}
