import Catalog
import Foundation
import HangarCore
import HangarTesting
import Logging
import Storage
import Synchronization
import Testing

@testable import CatalogSync

/// The daily job deprecates models whose deprecation date has passed, on a clock the test moves.
@Suite struct DeprecationScheduleTests {
    final class Clock: Sendable {
        let day = Mutex("2026-12-09")
        var now: Date { SyncFixture.noon(day.withLock { $0 }) }
    }

    @Test(arguments: TestDatabases.engines)
    func aModelPastItsDateIsDeprecatedWithTheSuccessorAsReplacement(_ engine: DatabaseEngine) async throws {
        try await SyncFixture.withCatalog(engine) { catalog, _ in
            let clock = Clock()
            let schedule = DeprecationSchedule(catalog: catalog, logger: Logger(label: "test"), now: { clock.now })
            let seven = "mistral-open-mistral-7b"
            _ = try await catalog.applySync(
                [SyncedValues(modelID: seven, deprecationDate: "2026-12-10", successorAPIName: "mistral-small-latest")],
                source: PriceSource.upload)
            _ = try await catalog.updateModel(id: "mistral-mistral-large-latest", ModelPatch(deprecationDate: .set("2026-12-20")))

            #expect(await schedule.runOnce().deprecated.isEmpty, "the day before")
            clock.day.withLock { $0 = "2026-12-10" }
            #expect(await schedule.runOnce().deprecated.isEmpty, "on the day itself it is still served")
            #expect(DeprecationNotice.message(for: try await catalog.model(id: seven), today: CivilDay("2026-12-10")!) != nil)

            clock.day.withLock { $0 = "2026-12-11" }
            let outcome = await schedule.runOnce()
            #expect(outcome.deprecated.map(\.id) == [seven])
            let deprecated = try await catalog.model(id: seven)
            #expect(deprecated.status == .deprecated)
            #expect(deprecated.replacementModelID == "mistral-mistral-small-latest")
            #expect(try await catalog.model(id: "mistral-mistral-large-latest").status == .active, "its date is later")
            #expect(await schedule.runOnce().deprecated.isEmpty, "nothing is done twice")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aDefaultWithoutAReplacementIsLeftForTheAdmin(_ engine: DatabaseEngine) async throws {
        try await SyncFixture.withCatalog(engine) { catalog, _ in
            let clock = Clock()
            let schedule = DeprecationSchedule(catalog: catalog, logger: Logger(label: "test"), now: { clock.now })
            let large = "mistral-mistral-large-latest"
            _ = try await catalog.setDefaultModel(id: large)
            _ = try await catalog.updateModel(id: large, ModelPatch(deprecationDate: .set("2026-12-01")))
            let outcome = await schedule.runOnce()
            #expect(outcome.deprecated.isEmpty)
            #expect(outcome.skipped[large]?.contains("default") == true, "\(outcome)")
            #expect(try await catalog.model(id: large).status == .active)
        }
    }
}
