import Foundation
import HangarTesting
import SQLKit
import Storage
import Testing

/// The two stores behave the same: transactions commit or roll back as a whole, and
/// constraint failures surface as `StorageError` on both engines.
@Suite struct StoreTests {
    struct Boom: Error {}

    static func insertProvider(_ id: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO providers (id, kind, name, name_key, enabled, is_builtin, created_at, updated_at)
            VALUES (\(bind: id), 'openai', \(bind: id), \(bind: id.lowercased()), \(bind: true), \(bind: false), 'now', 'now')
            """
        ).run()
    }

    static func insertModel(_ id: String, provider: String, apiName: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO models (id, provider_id, kind, name, api_name, context_window, max_output_tokens,
                                temperature_default, is_builtin, status, sort_name, search_text, created_at, updated_at)
            VALUES (\(bind: id), \(bind: provider), 'hosted', \(bind: id), \(bind: apiName), 4096, 512, 0.7,
                    \(bind: false), 'active', \(bind: id), \(bind: id), 'now', 'now')
            """
        ).run()
    }

    static func count(_ table: String, _ database: any Database) async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test(arguments: TestDatabases.engines)
    func writeCommitsOrRollsBackAsAWhole(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await database.write { sql in try await Self.insertProvider("p1", on: sql) }
            await #expect(throws: Boom.self) {
                try await database.write { sql in
                    try await Self.insertProvider("p2", on: sql)
                    throw Boom()
                }
            }
            #expect(try await Self.count("providers", database) == 1)
            // The connection is usable after a rollback.
            try await database.write { sql in try await Self.insertProvider("p3", on: sql) }
            #expect(try await Self.count("providers", database) == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func foreignKeysAreEnforced(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            await #expect {
                try await database.write { sql in try await Self.insertModel("m1", provider: "nobody", apiName: "a", on: sql) }
            } throws: { error in
                if case StorageError.foreignKeyViolation = error { return true }
                return false
            }
            try await database.write { sql in
                try await Self.insertProvider("p1", on: sql)
                try await Self.insertModel("m1", provider: "p1", apiName: "a", on: sql)
            }
            // ON DELETE RESTRICT: a provider with models stays.
            await #expect {
                try await database.write { sql in try await sql.raw("DELETE FROM providers WHERE id = 'p1'").run() }
            } throws: { error in
                if case StorageError.foreignKeyViolation = error { return true }
                return false
            }
            #expect(try await Self.count("models", database) == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func uniqueViolationsAreRecognised(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await database.write { sql in
                try await Self.insertProvider("p1", on: sql)
                try await Self.insertModel("m1", provider: "p1", apiName: "same", on: sql)
            }
            for attempt in [("m2", "same"), ("m1", "other")] {
                await #expect {
                    try await database.write { sql in try await Self.insertModel(attempt.0, provider: "p1", apiName: attempt.1, on: sql) }
                } throws: { error in
                    if case StorageError.uniqueViolation = error { return true }
                    return false
                }
            }
            #expect(try await Self.count("models", database) == 1)
        }
    }

    /// Many writers at once all succeed (SQLite: one writer at a time, the rest wait).
    @Test(arguments: TestDatabases.engines)
    func concurrentWritesAndReadsSucceed(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await database.write { sql in try await Self.insertProvider("p\(index)", on: sql) }
                    }
                    group.addTask { _ = try await Self.count("providers", database) }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.count("providers", database) == 30)
        }
    }

    @Test func sqliteUsesWALAndForeignKeysOnEveryConnection() async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        try await TestDatabases.withStore(location) { database in
            // Reads rotate over the reader connections: ask each of them.
            for _ in 0..<6 {
                let (mode, foreignKeys) = try await database.read { sql in
                    let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
                    let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                    return (mode, keys)
                }
                #expect(mode?.lowercased() == "wal")
                #expect(foreignKeys == 1)
            }
            let writerKeys = try await database.write { sql in
                try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            }
            #expect(writerKeys == 1)
        }
        #expect(FileManager.default.fileExists(atPath: location.sqlitePath))
    }

    @Test func postgresURLsAreReadOrRefused() throws {
        let configuration = try PostgresURL.configuration(from: "postgres://u%40x:p%2Fw@db.example:6543/hangar?sslmode=disable")
        #expect(configuration.username == "u@x")
        #expect(configuration.password == "p/w")
        #expect(configuration.database == "hangar")
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        for bad in ["mysql://u@h/db", "not a url", "postgres://h/db"] {
            #expect(throws: PostgresURL.Invalid.self) { try PostgresURL.configuration(from: bad) }
        }
    }
}
