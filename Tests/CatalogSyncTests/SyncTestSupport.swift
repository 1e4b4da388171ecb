import Catalog
import Foundation
import HangarCore
import HangarTesting
import Secrets
import Storage

/// A seeded catalog on a fresh database of `engine`.
enum SyncFixture {
    static func withCatalog(
        _ engine: DatabaseEngine, _ body: @Sendable @escaping (CatalogService, any Database) async throws -> Void
    ) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            try await body(CatalogService(database: database, secrets: SecretBox(key: .random())), database)
        }
    }

    /// Noon UTC on `day`.
    static func noon(_ day: String) -> Date {
        let number = CivilDay(day)!.number - CivilDay("1970-01-01")!.number
        return Date(timeIntervalSince1970: Double(number) * 86_400 + 43_200)
    }
}
