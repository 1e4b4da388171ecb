import Catalog
import CatalogSync
import Foundation
import HangarCore
import HangarTesting
import Jobs
import Providers
import Secrets
import Storage
import Synchronization
import Testing

/// `discovery_interval_hours`: when on, each listable connection is listed once per interval and
/// announced when it serves new models; the catalog never changes.
@Suite struct DiscoveryScheduleTests {
    @Test(arguments: TestDatabases.engines)
    func publishesNewModelsOncePerIntervalAndChangesNothing(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(apiKey: nil, models: ["served-only-upstream"]) { fake in
            try await TestDatabases.withDatabase(engine) { database in
                try await CatalogSeeder.seed(database)
                let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
                // Out of reach, so the builtin Ollama connection fails and is skipped quietly.
                _ = try await catalog.updateProvider(id: "ollama", ProviderPatch(baseURL: .set("http://127.0.0.1:9")))
                let lab = try await catalog.createProvider(ProviderDraft(kind: "openai-compatible", name: "Lab", baseURL: fake.baseURL))
                _ = try await catalog.createProvider(
                    ProviderDraft(kind: "openai-compatible", name: "Off", baseURL: fake.baseURL, enabled: false))
                let bus = EventBus(database: database, logger: TestDatabases.logger)
                let setting = IntervalSetting()
                let schedule = DiscoverySchedule(
                    discovery: DiscoveryService(catalog: catalog, lister: ModelLister(timeout: .seconds(5))),
                    events: DiscoveryEvents(bus: bus, logger: TestDatabases.logger), intervalHours: { setting.hours.withLock { $0 } },
                    logger: TestDatabases.logger)
                let before = try await catalog.allModels()

                #expect(await schedule.runDue().isEmpty, "off by default")
                #expect(fake.requests.isEmpty)
                setting.hours.withLock { $0 = 6 }
                let start = Date()
                let first = await schedule.runDue(now: start)
                #expect(first.map(\.providerID) == [lab.id], "only the enabled connection that serves new models")
                #expect(first.first?.new.map(\.apiName) == ["served-only-upstream"])
                let events = try await bus.storedEvents(after: 0).filter { $0.type == "discovery" }
                #expect(events.map(\.action) == ["available"] && events.map(\.subjectID) == [lab.id])
                #expect(events.first?.data.contains("served-only-upstream") == true)

                #expect(await schedule.runDue(now: start.addingTimeInterval(5 * 3600)).isEmpty, "not due after 5 h")
                #expect(await schedule.runDue(now: start.addingTimeInterval(7 * 3600)).count == 1, "due after 7 h")
                #expect(try await catalog.allModels() == before, "the catalog never changes")
            }
        }
    }
}

/// The `discovery_interval_hours` a test sets while the schedule reads it.
private final class IntervalSetting: Sendable {
    let hours = Mutex(0)
}
