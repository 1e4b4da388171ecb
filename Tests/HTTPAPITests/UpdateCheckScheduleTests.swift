import Catalog
import Foundation
import Governance
import HangarCore
import HangarTesting
import Jobs
import Ollama
import Secrets
import Storage
import Testing

/// `ollama_update_check_hours`: off by default; when set, every enabled Ollama server gets a
/// check once its last one is that old, and no sooner (a restart or a second replica does
/// not check again).
@Suite struct UpdateCheckScheduleTests {
    @Test(arguments: TestDatabases.engines)
    func checksRunWhenDueAndOnlyThen(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
            let lab = try await catalog.createProvider(ProviderDraft(kind: "ollama", name: "Lab", baseURL: "http://127.0.0.1:9"))
            _ = try await catalog.createProvider(ProviderDraft(kind: "ollama", name: "Off", baseURL: "http://127.0.0.1:9", enabled: false))
            let system = SettingsService(database: database, defaults: SettingsDefaults())
            var settings = OllamaSettings()
            settings.system = { await system.current() }
            let service = OllamaService(catalog: catalog, database: database, settings: settings)
            let bus = EventBus(database: database, logger: TestDatabases.logger)
            let queue = JobQueue(database: database, events: bus, logger: TestDatabases.logger)
            let schedule = UpdateCheckSchedule(service: service, jobs: queue, logger: TestDatabases.logger)

            #expect(await schedule.checkDue().isEmpty, "off by default")
            _ = try await system.update(SettingsPatch(ollamaUpdateCheckHours: .set(6)))
            let first = await schedule.checkDue()
            // The builtin connection and Lab; not the disabled one.
            #expect(
                Set(first.map(\.target)) == [
                    OllamaService.checkTarget(providerID: "ollama"), OllamaService.checkTarget(providerID: lab.id),
                ])
            #expect(first.allSatisfy { $0.kind == OllamaService.checkUpdatesKind })
            #expect(await schedule.checkDue().isEmpty, "checks still queued are not started twice")
            for job in first { _ = try await queue.cancel(id: job.id) }
            #expect(await schedule.checkDue(now: Date().addingTimeInterval(5 * 3600)).isEmpty, "the last check is 5 h old: not due")
            #expect(await schedule.checkDue(now: Date().addingTimeInterval(7 * 3600)).count == 2, "7 h: due")
        }
    }
}
