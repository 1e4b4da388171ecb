import Catalog
import HangarCore
import HangarTesting
import Secrets
import Storage
import Testing

/// The builtin connections and models are seeded once: re-seeding or restarting never
/// duplicates them nor undoes an admin's change.
@Suite struct CatalogSeederTests {
    static let providerIDs = ["mistral", "ollama", "openai", "azure-openai", "local"]

    @Test(arguments: TestDatabases.engines)
    func seedsBuiltinConnectionsAndModels(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let providers = try await catalog.providers()
            #expect(providers.map(\.id) == Self.providerIDs)
            #expect(providers.allSatisfy { $0.isBuiltin })
            #expect(providers.map(\.kind) == [.mistral, .ollama, .openai, .azureOpenAI, .local])
            let azure = try await catalog.provider(id: "azure-openai")
            #expect(azure.enabled == false)
            #expect(azure.baseURL == nil)

            let models = try await CatalogFixture.allModels(catalog)
            #expect(models.count == 17)
            #expect(models.filter { $0.providerID == "mistral" }.count == 7)
            #expect(models.filter { $0.providerID == "ollama" }.count == 9)
            #expect(models.allSatisfy { $0.isBuiltin && $0.status == .active })
            #expect(Set(models.map(\.id)).count == 17)

            let qwen = try #require(models.first { $0.providerID == "local" })
            #expect(qwen.kind == .local)
            #expect(qwen.hfRepo == "unsloth/Qwen3-0.6B-GGUF")
            #expect(qwen.modelFile == "Qwen3-0.6B-Q4_0.gguf")
            #expect(qwen.downloadStatus == .pending)
            #expect(qwen.downloaded == false)
            for model in models where model.providerID != "local" {
                #expect(model.kind == .hosted)
                #expect(model.downloaded == nil && model.downloadStatus == nil && model.hfRepo == nil)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func seedingAgainNeverDuplicates(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            try await CatalogSeeder.seed(database)
            // Replicas starting together seed at the same time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { try await CatalogSeeder.seed(database) } }
                try await group.waitForAll()
            }
            let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
            #expect(try await catalog.providers().count == 5)
            #expect(try await catalog.listModels(ModelListQuery()).total == 17)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func adminChangesSurviveReseedAndRestart(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await TestDatabases.withStore(location) { database in
            try await CatalogSeeder.seed(database)
            let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
            _ = try await catalog.updateModel(id: "mistral-mistral-large-latest", ModelPatch(temperatureDefault: 0.15))
            _ = try await catalog.setDefaultModel(id: "mistral-codestral-latest")
            _ = try await catalog.deprecateModel(id: "ollama-phi3", replacementID: "ollama-gemma2")
            _ = try await catalog.updateProvider(id: "ollama", ProviderPatch(name: "My Ollama", baseURL: .set("http://gpu-box:11434")))
            try await CatalogSeeder.seed(database)
        }
        // Restart: the application migrates and seeds again on the same data.
        try await TestDatabases.withStore(location) { database in
            try await CatalogSeeder.seed(database)
            let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
            #expect(try await catalog.model(id: "mistral-mistral-large-latest").temperatureDefault == 0.15)
            #expect(try await catalog.provider(id: "mistral").defaultModelID == "mistral-codestral-latest")
            #expect(try await catalog.model(id: "mistral-codestral-latest").isDefault)
            #expect(try await catalog.model(id: "mistral-mistral-small-latest").isDefault == false)
            let phi = try await catalog.model(id: "ollama-phi3")
            #expect(phi.status == .deprecated)
            #expect(phi.replacementModelID == "ollama-gemma2")
            let ollama = try await catalog.provider(id: "ollama")
            #expect(ollama.name == "My Ollama")
            #expect(ollama.baseURL == "http://gpu-box:11434")
            #expect(try await catalog.listModels(ModelListQuery()).total == 17)
            #expect(try await catalog.providers().count == 5)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func builtinDefaultsAreSeeded(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let defaults = try await CatalogFixture.allModels(catalog).filter(\.isDefault).map(\.id).sorted()
            #expect(defaults == ["local-qwen3-0.6b-q4_0", "mistral-mistral-small-latest", "ollama-llama3.2"])
            for provider in try await catalog.providers() where provider.defaultModelID != nil {
                let model = try await catalog.model(id: provider.defaultModelID!)
                #expect(model.providerID == provider.id)
            }
        }
    }
}
