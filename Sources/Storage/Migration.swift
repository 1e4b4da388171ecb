import HangarCore
import Logging
import SQLKit

/// A numbered schema change. Most statements run unchanged on both engines; where the
/// dialects differ the migration gives one list per engine.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: @Sendable (DatabaseEngine) -> [String]

    public init(version: Int, name: String, statements: @escaping @Sendable (DatabaseEngine) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

public enum Migrator {
    /// Every migration Hangar knows, in order.
    public static let all: [Migration] = [
        M0001Catalog.migration, M0002ProviderSecrets.migration, M0003JobsAndEvents.migration,
        M0004LocalModelSecrets.migration, M0005OllamaUpdateChecks.migration, M0006Governance.migration,
        M0007JobRetries.migration, M0008Sessions.migration, M0009Keys.migration, M0010Gateway.migration,
        M0011Deployments.migration, M0012ModelRuntime.migration, M0013OllamaDesired.migration,
        M0014CatalogSync.migration,
    ]

    /// Applies the migrations not yet recorded, each in its own transaction. On PostgreSQL an
    /// advisory lock makes replicas that start together take turns.
    @discardableResult
    public static func migrate(_ database: any Database, migrations: [Migration] = all, logger: Logger) async throws -> [Int] {
        try await database.write { sql in
            // Take the lock first: two replicas creating the table at once collide in pg_type.
            if database.engine == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(7242021)").run()
            }
            try await sql.raw(
                """
                CREATE TABLE IF NOT EXISTS hangar_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let didApply = try await database.write { sql -> Bool in
                if database.engine == .postgres {
                    try await sql.raw("SELECT pg_advisory_xact_lock(7242021)").run()
                }
                let done = try await sql.raw("SELECT version FROM hangar_migrations WHERE version = \(bind: migration.version)").all()
                guard done.isEmpty else { return false }
                for statement in migration.statements(database.engine) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.raw(
                    """
                    INSERT INTO hangar_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.now()))
                    """
                ).run()
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }
}
