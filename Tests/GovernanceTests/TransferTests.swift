import Catalog
import Foundation
import Governance
import HangarCore
import HangarTesting
import Secrets
import Storage
import Testing

@Suite struct TransferTests {
    static func encoded(_ file: ConfigurationExport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(file), as: UTF8.self)
    }

    /// A seeded catalog with a custom connection, two custom models (one deprecated in favour of
    /// the other, with exact prices), changed builtins and stored settings.
    static func configure(_ database: any Database) async throws {
        try await CatalogSeeder.seed(database)
        let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
        let provider = try await catalog.createProvider(
            ProviderDraft(
                kind: "openai-compatible", name: "Lab vLLM", baseURL: "http://10.0.0.5:8000/v1", apiKey: "sk-secret-lab",
                rpmLimit: 60, tpmLimit: 90_000, maxParallel: 2))
        let new = try await catalog.createModel(
            ModelDraft(providerID: provider.id, name: "Qwen 32B", apiName: "qwen-32b", costInputPerMillion: 0.15, costOutputPerMillion: 0.6)
        )
        let old = try await catalog.createModel(ModelDraft(providerID: provider.id, name: "Qwen 14B", apiName: "qwen-14b"))
        _ = try await catalog.setDefaultModel(id: new.id)
        _ = try await catalog.deprecateModel(id: old.id, replacementID: new.id)
        _ = try await catalog.updateModel(id: "mistral-mistral-large-latest", ModelPatch(temperatureDefault: 0.2))
        _ = try await catalog.updateProvider(id: "ollama", ProviderPatch(baseURL: .set("http://gpu-box:11434"), maxParallel: .set(3)))
        let settings = SettingsService(database: database, defaults: SettingsDefaults())
        _ = try await settings.update(
            SettingsPatch(
                defaultModels: DefaultModelsPatch([.chat: .set(new.id)]), downloadConcurrency: .set(4),
                hfEndpoint: .set("http://hub.local:8080")))
    }

    @Test(arguments: TestDatabases.engines)
    func exportWipeImportExportGivesIdenticalJSONAndASecondImportIsANoOp(_ engine: DatabaseEngine) async throws {
        let first = try await TestDatabases.withDatabase(engine) { database in
            try await Self.configure(database)
            return try await ConfigurationExporter.export(from: database)
        }
        #expect(!(try Self.encoded(first)).contains("sk-secret-lab"))
        #expect(first.models.contains { $0.costInputPerMillion == Decimal(string: "0.15") })
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            let settings = SettingsService(database: database, defaults: SettingsDefaults())
            let importer = ConfigurationImporter(
                catalog: CatalogService(database: database, secrets: SecretBox(key: .random())), settings: settings)
            let report = try await importer.run(first, dryRun: false)
            #expect(report.applied)
            #expect(report.created == 3)  // the connection and its two models
            #expect(report.items.contains { $0.entity == .setting && $0.id == "download_concurrency" })
            let second = try await ConfigurationExporter.export(from: database)
            #expect(try Self.encoded(second) == (try Self.encoded(first)))
            let again = try await importer.run(first, dryRun: false)
            #expect(again.created == 0 && again.updated == 0 && again.items.isEmpty, "\(again.items)")
            #expect(try Self.encoded(try await ConfigurationExporter.export(from: database)) == (try Self.encoded(first)))
            #expect(await settings.current().downloadConcurrency == 4)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aDryRunReportsTheChangesAndWritesNothing(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await Self.configure(database)
            let before = try await ConfigurationExporter.export(from: database)
            var file = before
            let index = try #require(file.models.firstIndex { $0.apiName == "qwen-32b" })
            file.models[index].costOutputPerMillion = Decimal(string: "0.75")
            file.settings.downloadConcurrency = nil
            let importer = ConfigurationImporter(
                catalog: CatalogService(database: database, secrets: SecretBox(key: .random())),
                settings: SettingsService(database: database, defaults: SettingsDefaults()))
            let report = try await importer.run(file, dryRun: true)
            #expect(report.dryRun && !report.applied)
            #expect(report.updated == 2)
            #expect(report.items.contains { $0.entity == .model && $0.fields == ["cost_output_per_million"] })
            #expect(report.items.contains { $0.entity == .setting && $0.id == "download_concurrency" })
            #expect(try Self.encoded(try await ConfigurationExporter.export(from: database)) == (try Self.encoded(before)))
            let applied = try await importer.run(file, dryRun: false)
            #expect(applied.updated == 2)
            let after = try await ConfigurationExporter.export(from: database)
            #expect(after.models[index].costOutputPerMillion == Decimal(string: "0.75"))
            #expect(after.settings.downloadConcurrency == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anInvalidEntryRejectsTheWholeFile(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await Self.configure(database)
            let before = try Self.encoded(try await ConfigurationExporter.export(from: database))
            var file = try await ConfigurationExporter.export(from: database)
            file.providers.append(
                ExportedProvider(
                    id: "new-one", kind: .openai, name: "New", baseURL: "https://api.openai.com", apiVersion: nil, enabled: true,
                    defaultModelID: nil, rpmLimit: nil, tpmLimit: nil, maxParallel: nil, isBuiltin: false))
            file.models[0].contextWindow = 12
            let importer = ConfigurationImporter(
                catalog: CatalogService(database: database, secrets: SecretBox(key: .random())),
                settings: SettingsService(database: database, defaults: SettingsDefaults()))
            let error = await #expect(throws: HangarError.self) { _ = try await importer.run(file, dryRun: false) }
            #expect(error?.code == .invalidImport)
            #expect(error?.fields["models[0].context_window"] != nil)
            #expect(try Self.encoded(try await ConfigurationExporter.export(from: database)) == before)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func rulesAcrossEntriesAreCheckedOnTheFinalState(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await Self.configure(database)
            let importer = ConfigurationImporter(
                catalog: CatalogService(database: database, secrets: SecretBox(key: .random())),
                settings: SettingsService(database: database, defaults: SettingsDefaults()))
            let base = try await ConfigurationExporter.export(from: database)
            let custom = try #require(base.models.firstIndex { $0.apiName == "qwen-32b" })

            var duplicate = base
            duplicate.models[custom].apiName = "qwen-14b"
            var error = await #expect(throws: HangarError.self) { _ = try await importer.run(duplicate, dryRun: true) }
            #expect(error?.fields.keys.contains { $0.hasSuffix(".api_name") } == true)
            #expect(error?.code == .importConflict && error?.kind == .conflict)

            var deprecatedDefault = base
            deprecatedDefault.models[custom].status = .deprecated
            error = await #expect(throws: HangarError.self) { _ = try await importer.run(deprecatedDefault, dryRun: true) }
            #expect(error?.fields["models[\(custom)].status"] != nil)

            var badSetting = base
            badSetting.settings.downloadConcurrency = .set(99)
            error = await #expect(throws: HangarError.self) { _ = try await importer.run(badSetting, dryRun: true) }
            #expect(error?.fields["settings.download_concurrency"] != nil)

            var wrongVersion = base
            wrongVersion.version = 2
            error = await #expect(throws: HangarError.self) { _ = try await importer.run(wrongVersion, dryRun: true) }
            #expect(error?.code == .unsupportedVersion)

            // The catalog keeps prices to the millionth: a finer one is refused, not rounded.
            var finePrice = base
            finePrice.models[custom].costInputPerMillion = Decimal(string: "0.1234567")
            error = await #expect(throws: HangarError.self) { _ = try await importer.run(finePrice, dryRun: false) }
            #expect(error?.fields["models[\(custom)].cost_input_per_million"] == PriceRule.placesProblem)
            #expect(PriceRule.placesProblem.code == .tooManyDecimals && PriceRule.placesProblem.params == ["places": .number(6)])
            finePrice.models[custom].costInputPerMillion = Decimal(string: "0.123457")
            #expect(try await importer.run(finePrice, dryRun: false).updated == 1)
            let stored = try await ConfigurationExporter.export(from: database).models[custom].costInputPerMillion
            #expect(stored == Decimal(string: "0.123457"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func builtinModelsKeepTheirBuiltinFields(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await Self.configure(database)
            var file = try await ConfigurationExporter.export(from: database)
            let index = try #require(file.models.firstIndex { $0.id == "mistral-mistral-large-latest" })
            file.models[index].name = "Renamed"
            file.models[index].temperatureDefault = 1.1
            let importer = ConfigurationImporter(
                catalog: CatalogService(database: database, secrets: SecretBox(key: .random())),
                settings: SettingsService(database: database, defaults: SettingsDefaults()))
            let report = try await importer.run(file, dryRun: false)
            #expect(report.items.first { $0.id == "mistral-mistral-large-latest" }?.fields == ["temperature_default"])
            #expect(report.warnings.contains { $0.contains("name") })
            let model = try await CatalogService(database: database, secrets: SecretBox(key: .random())).model(
                id: "mistral-mistral-large-latest")
            #expect(model.name != "Renamed")
            #expect(model.temperatureDefault == 1.1)
        }
    }
}
