import Catalog
import Foundation
import Governance
import HangarCore
import HangarTesting
import Secrets
import Storage
import Testing

@Suite struct SettingsServiceTests {
    static let defaults = SettingsDefaults(downloadConcurrency: 3, ollamaCacheSeconds: 7, hfEndpoint: "https://hf.example")

    @Test(arguments: TestDatabases.engines)
    func storedValuesWinOverDefaultsAndNullResets(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let service = SettingsService(database: database, defaults: Self.defaults)
            let initial = try await service.read()
            #expect(
                initial
                    == SystemSettings(
                        defaultModels: DefaultModels(), downloadConcurrency: 3, ollamaCacheSeconds: 7, hfEndpoint: "https://hf.example",
                        jobRetentionDays: 30))
            let changed = try await service.update(
                SettingsPatch(downloadConcurrency: .set(5), ollamaCacheSeconds: .set(0), jobRetentionDays: .set(3650)))
            #expect(changed.downloadConcurrency == 5 && changed.ollamaCacheSeconds == 0 && changed.hfEndpoint == "https://hf.example")
            #expect(changed.jobRetentionDays == 3650)
            // Another service on the same database (another replica) reads the stored values.
            #expect(try await SettingsService(database: database, defaults: Self.defaults).read() == changed)
            let reset = try await service.update(SettingsPatch(downloadConcurrency: .clear, jobRetentionDays: .clear))
            #expect(reset.downloadConcurrency == 3 && reset.ollamaCacheSeconds == 0 && reset.jobRetentionDays == 30)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func oneBadKeyStoresNothing(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let service = SettingsService(database: database, defaults: Self.defaults)
            let error = await #expect(throws: HangarError.self) {
                _ = try await service.update(
                    SettingsPatch(
                        defaultModels: DefaultModelsPatch([.vision: .set("nope")]), downloadConcurrency: .set(0),
                        ollamaCacheSeconds: .set(3601), hfEndpoint: .set("ftp://hub"), jobRetentionDays: .set(0)))
            }
            #expect(error?.code == .validationFailed)
            #expect(
                Set(error?.fields.keys.map { $0 } ?? []) == [
                    "download_concurrency", "ollama_cache_seconds", "hf_endpoint", "job_retention_days", "default_models.vision",
                ])
            #expect(
                error?.fields["job_retention_days"]
                    == FieldError(.tooSmall, "Job retention must be between 1 and 3,650 days.", params: ["min": .number(1)]))
            #expect(error?.fields["ollama_cache_seconds"]?.params == ["max": .number(3600)])
            #expect(error?.fields["hf_endpoint"]?.message.hasPrefix("Hub endpoint") == true)
            #expect(error?.fields["hf_endpoint"]?.params == ["reason": .string("scheme")])
            #expect(error?.fields["default_models.vision"]?.code == .notFound)
            let stored = try await service.read()
            #expect(stored.downloadConcurrency == 3 && stored.ollamaCacheSeconds == 7 && stored.hfEndpoint == "https://hf.example")
            #expect(stored.defaultModels.isEmpty && stored.jobRetentionDays == 30)
            let tooLong = await #expect(throws: HangarError.self) {
                _ = try await service.update(SettingsPatch(jobRetentionDays: .set(3651)))
            }
            #expect(tooLong?.fields.keys.sorted() == ["job_retention_days"])
            #expect(tooLong?.fields["job_retention_days"]?.code == .tooLarge)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func defaultModelsMergePerPurposeAndMustBeActive(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
            let service = SettingsService(database: database, defaults: Self.defaults)
            _ = try await service.update(SettingsPatch(defaultModels: DefaultModelsPatch([.chat: .set("mistral-mistral-large-latest")])))
            let both = try await service.update(SettingsPatch(defaultModels: DefaultModelsPatch([.code: .set("ollama-llama3.2")])))
            #expect(both.defaultModels == DefaultModels(chat: "mistral-mistral-large-latest", code: "ollama-llama3.2"))
            let cleared = try await service.update(SettingsPatch(defaultModels: DefaultModelsPatch([.chat: .clear])))
            #expect(cleared.defaultModels == DefaultModels(code: "ollama-llama3.2"))

            _ = try await catalog.deprecateModel(id: "mistral-mistral-medium-latest", replacementID: nil)
            let error = await #expect(throws: HangarError.self) {
                _ = try await service.update(
                    SettingsPatch(defaultModels: DefaultModelsPatch([.chat: .set("mistral-mistral-medium-latest")])))
            }
            #expect(error?.fields["default_models.chat"]?.message.contains("deprecated") == true)
            #expect(error?.fields["default_models.chat"]?.code == .deprecated)
        }
    }

    @Test func patchDecodingRejectsUnknownKeysAndTellsNullFromAbsent() throws {
        let decoder = JSONDecoder()
        #expect(throws: DecodingError.self) { _ = try decoder.decode(SettingsPatch.self, from: Data(#"{"download_concurency": 2}"#.utf8)) }
        #expect(throws: DecodingError.self) {
            _ = try decoder.decode(SettingsPatch.self, from: Data(#"{"default_models": {"audio": "x"}}"#.utf8))
        }
        let patch = try decoder.decode(SettingsPatch.self, from: Data(#"{"hf_endpoint": null, "default_models": {"chat": "m"}}"#.utf8))
        #expect(patch.hfEndpoint == .clear)
        #expect(patch.downloadConcurrency == nil)
        #expect(patch.defaultModels?.values == [.chat: .set("m")])
    }

    @Test(arguments: TestDatabases.engines)
    func theCacheServesRecentReadsAndAnUpdateRefreshesIt(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let service = SettingsService(database: database, defaults: Self.defaults, cacheTTL: .seconds(60))
            let other = SettingsService(database: database, defaults: Self.defaults)
            #expect(await service.current().downloadConcurrency == 3)
            _ = try await other.update(SettingsPatch(downloadConcurrency: .set(9)))
            #expect(await service.current().downloadConcurrency == 3, "within its TTL the cache answers")
            service.invalidate()
            #expect(await service.current().downloadConcurrency == 9)
            _ = try await service.update(SettingsPatch(downloadConcurrency: .set(1)))
            #expect(await service.current().downloadConcurrency == 1)
        }
    }
}
