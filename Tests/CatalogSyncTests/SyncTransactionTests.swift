import Catalog
import Foundation
import HangarCore
import HangarTesting
import Storage
import Testing

/// A price sync's writes are one transaction: when one model cannot be written, none is.
@Suite struct SyncTransactionTests {
    /// Makes the database refuse any update of `modelID`, as a failing disk or a constraint would.
    static func refuseUpdates(of modelID: String, on database: any Database) async throws {
        try await database.write { sql in
            switch database.engine {
            case .sqlite:
                try await sql.raw(
                    """
                    CREATE TRIGGER refuse_update BEFORE UPDATE ON models WHEN NEW.id = \(unsafeRaw: "'\(modelID)'")
                    BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                    """
                ).run()
            case .postgres:
                try await sql.raw(
                    """
                    CREATE FUNCTION refuse_update() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql
                    """
                ).run()
                try await sql.raw(
                    """
                    CREATE TRIGGER refuse_update BEFORE UPDATE ON models FOR EACH ROW
                    WHEN (NEW.id = \(unsafeRaw: "'\(modelID)'")) EXECUTE FUNCTION refuse_update()
                    """
                ).run()
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func oneFailedWriteKeepsEveryModelAsItWas(_ engine: DatabaseEngine) async throws {
        try await SyncFixture.withCatalog(engine) { catalog, database in
            let ids = ["mistral-mistral-large-latest", "mistral-mistral-small-latest", "mistral-open-mistral-7b"]
            let before = try await catalog.models(ids: ids).sorted { $0.id < $1.id }
            try await Self.refuseUpdates(of: ids[2], on: database)
            let values = ids.map { SyncedValues(modelID: $0, costInputPerMillion: Decimal(string: "0.15"), contextWindow: 65_536) }
            await #expect(throws: (any Error).self) { _ = try await catalog.applySync(values, source: PriceSource.upload) }
            #expect(try await catalog.models(ids: ids).sorted { $0.id < $1.id } == before, "the first two writes were rolled back")

            let written = try await catalog.applySync(Array(values.prefix(2)), source: PriceSource.upload)
            #expect(written.map(\.costInputPerMillion) == [0.15, 0.15])
            #expect(written.allSatisfy { $0.priceSource == PriceSource.upload && $0.contextWindow == 65_536 })
        }
    }
}
