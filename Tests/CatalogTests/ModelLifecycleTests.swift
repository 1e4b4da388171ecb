import Catalog
import HangarCore
import HangarTesting
import Storage
import Testing

/// Custom models are created, edited, deprecated, restored and deleted; builtin and default
/// models are protected.
@Suite struct ModelLifecycleTests {
    @Test(arguments: TestDatabases.engines)
    func customModelCRUD(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let created = try await catalog.createModel(
                ModelDraft(
                    providerID: "openai", name: "GPT Custom", apiName: "gpt-custom", contextWindow: 16_000,
                    maxOutputTokens: 2048, temperatureDefault: 0.3, costInputPerMillion: 0.1, costOutputPerMillion: 0.3))
            #expect(created.isBuiltin == false)
            #expect(created.kind == .hosted)
            #expect(created.providerKind == .openai)
            #expect(created.status == .active)
            #expect(created.costInputPerMillion == 0.1)
            #expect(created.costOutputPerMillion == 0.3)
            #expect(try await catalog.model(id: created.id) == created)

            let defaults = try await catalog.createModel(CatalogFixture.hosted("Defaults"))
            #expect(defaults.contextWindow == 32_000)
            #expect(defaults.maxOutputTokens == 4096)
            #expect(defaults.temperatureDefault == 0.7)
            #expect(defaults.costInputPerMillion == nil)

            let updated = try await catalog.updateModel(
                id: created.id,
                ModelPatch(
                    name: "GPT Renamed", contextWindow: 20_000, costInputPerMillion: .clear, costOutputPerMillion: .set(1.25)))
            #expect(updated.name == "GPT Renamed")
            #expect(updated.apiName == "gpt-custom")
            #expect(updated.contextWindow == 20_000)
            #expect(updated.costInputPerMillion == nil)
            #expect(updated.costOutputPerMillion == 1.25)
            #expect(updated.createdAt == created.createdAt)
            #expect(updated.updatedAt >= created.updatedAt)

            try await catalog.deleteModel(id: created.id)
            await expectHangarError(.notFound, code: .modelNotFound) { _ = try await catalog.model(id: created.id) }
            await expectHangarError(.notFound, code: .modelNotFound) { try await catalog.deleteModel(id: created.id) }
            await expectHangarError(.notFound) { _ = try await catalog.updateModel(id: "nope", ModelPatch(name: "x")) }
            await expectHangarError(.notFound, field: "provider_id") {
                _ = try await catalog.createModel(CatalogFixture.hosted("Orphan", provider: "no-such-provider"))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func apiNamesAreUniquePerProvider(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let first = try await catalog.createModel(CatalogFixture.hosted("First", apiName: "shared"))
            await expectHangarError(.conflict, code: .duplicateApiName, field: "api_name") {
                _ = try await catalog.createModel(CatalogFixture.hosted("Second", apiName: "shared"))
            }
            // A builtin's API name is taken too.
            await expectHangarError(.conflict, field: "api_name") {
                _ = try await catalog.createModel(CatalogFixture.hosted("Mine", apiName: "codestral-latest", provider: "mistral"))
            }
            // The same API name on another provider is fine; names may repeat.
            let other = try await catalog.createModel(CatalogFixture.hosted("First", apiName: "shared", provider: "ollama"))
            #expect(other.apiName == "shared")
            let third = try await catalog.createModel(CatalogFixture.hosted("Third", apiName: "third"))
            await expectHangarError(.conflict, field: "api_name") {
                _ = try await catalog.updateModel(id: third.id, ModelPatch(apiName: "shared"))
            }
            // Keeping one's own API name is not a conflict.
            #expect(try await catalog.updateModel(id: first.id, ModelPatch(name: "First!", apiName: "shared")).name == "First!")
            // Two creates racing for one API name: exactly one wins, the other gets 409.
            let results = await withTaskGroup(of: Result<CatalogModel, any Error>.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        do {
                            return .success(try await catalog.createModel(CatalogFixture.hosted("Race \(index)", apiName: "race")))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
            for case .failure(let error) in results {
                #expect((error as? HangarError)?.kind == .conflict, "\(String(reflecting: error))")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func builtinModelsKeepTheirNamesButTakePricesAndLimits(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let id = "mistral-mistral-large-latest"
            let original = try await catalog.model(id: id)
            let refused: [(String, ModelPatch)] = [
                ("name", ModelPatch(name: "Renamed")),
                ("api_name", ModelPatch(apiName: "renamed")),
            ]
            for (field, patch) in refused {
                await expectHangarError(.conflict, code: .builtinModel, field: field, messageContains: "builtin") {
                    _ = try await catalog.updateModel(id: id, patch)
                }
            }
            #expect(try await catalog.model(id: id) == original)
            // Sending the stored values back (a full form) is not a change.
            _ = try await catalog.updateModel(id: id, ModelPatch(name: original.name, contextWindow: original.contextWindow))
            #expect(try await catalog.updateModel(id: id, ModelPatch(temperatureDefault: 1.1)).temperatureDefault == 1.1)
            let priced = try await catalog.updateModel(
                id: id, ModelPatch(contextWindow: 64_000, costInputPerMillion: .set(2), deprecationDate: .set("2027-01-31")))
            #expect(priced.contextWindow == 64_000 && priced.costInputPerMillion == 2 && priced.deprecationDate == "2027-01-31")
            #expect(priced.priceSource == PriceSource.manual && priced.priceSyncedAt != nil)
            #expect(try await catalog.setDefaultModel(id: id).isDefault)
            let deprecated = try await catalog.deprecateModel(id: "mistral-open-mistral-7b", replacementID: nil)
            #expect(deprecated.status == .deprecated)
            #expect(try await catalog.restoreModel(id: "mistral-open-mistral-7b").status == .active)

            for builtin in ["mistral-open-mistral-7b", "local-qwen3-0.6b-q4_0", "ollama-phi3"] {
                await expectHangarError(.conflict, code: .builtinModel, messageContains: "builtin") {
                    try await catalog.deleteModel(id: builtin)
                }
                #expect(try await catalog.model(id: builtin).isBuiltin)
            }
            #expect(try await catalog.listModels(ModelListQuery()).total == 17)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func oneDefaultPerProviderThreeWays(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let a = try await catalog.createModel(CatalogFixture.hosted("Default A", provider: "openai"))
            let b = try await catalog.createModel(CatalogFixture.hosted("Default B", provider: "openai"))
            #expect(try await catalog.provider(id: "openai").defaultModelID == nil)

            #expect(try await catalog.setDefaultModel(id: a.id).isDefault)
            #expect(try await catalog.provider(id: "openai").defaultModelID == a.id)

            #expect(try await catalog.updateModel(id: b.id, ModelPatch(isDefault: true)).isDefault)
            #expect(try await catalog.model(id: a.id).isDefault == false)

            let provider = try await catalog.updateProvider(id: "openai", ProviderPatch(defaultModelID: .set(a.id)))
            #expect(provider.defaultModelID == a.id)
            let openAIModels = try await CatalogFixture.allModels(catalog, ModelListQuery(providerID: "openai"))
            #expect(openAIModels.filter(\.isDefault).map(\.id) == [a.id])
            // Other providers keep their own default.
            #expect(try await catalog.model(id: "mistral-mistral-small-latest").isDefault)

            // Unsetting: is_default false on the default clears it.
            _ = try await catalog.updateModel(id: a.id, ModelPatch(isDefault: false))
            #expect(try await catalog.provider(id: "openai").defaultModelID == nil)

            await expectHangarError(.conflict, field: "default_model_id") {
                _ = try await catalog.updateProvider(id: "openai", ProviderPatch(defaultModelID: .set("mistral-codestral-latest")))
            }
            await expectHangarError(.notFound, field: "default_model_id") {
                _ = try await catalog.updateProvider(id: "openai", ProviderPatch(defaultModelID: .set("missing")))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func deprecatedModelsNeverBecomeDefault(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let old = try await catalog.createModel(CatalogFixture.hosted("Old"))
            _ = try await catalog.deprecateModel(id: old.id, replacementID: nil)
            await expectHangarError(.conflict, code: .modelDeprecated) { _ = try await catalog.setDefaultModel(id: old.id) }
            await expectHangarError(.conflict, field: "is_default") {
                _ = try await catalog.updateModel(id: old.id, ModelPatch(isDefault: true))
            }
            await expectHangarError(.conflict, field: "default_model_id") {
                _ = try await catalog.updateProvider(id: "openai", ProviderPatch(defaultModelID: .set(old.id)))
            }
            // Deprecating and defaulting in one request is refused as a whole.
            let other = try await catalog.createModel(CatalogFixture.hosted("Other"))
            await expectHangarError(.conflict) {
                _ = try await catalog.updateModel(id: other.id, ModelPatch(status: .deprecated, isDefault: true))
            }
            #expect(try await catalog.model(id: other.id).status == .active)
            #expect(try await catalog.provider(id: "openai").defaultModelID == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func defaultModelIsNotDeletedNorDeprecatedWithoutSuccessor(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let current = try await catalog.createModel(CatalogFixture.hosted("Current"))
            let next = try await catalog.createModel(CatalogFixture.hosted("Next"))
            _ = try await catalog.setDefaultModel(id: current.id)
            await expectHangarError(.conflict, code: .modelIsDefault, messageContains: "default") {
                try await catalog.deleteModel(id: current.id)
            }
            await expectHangarError(.conflict, code: .modelIsDefault) {
                _ = try await catalog.deprecateModel(id: current.id, replacementID: nil)
            }
            // A replacement of another provider cannot take over the default.
            await expectHangarError(.conflict, code: .modelIsDefault) {
                _ = try await catalog.deprecateModel(id: current.id, replacementID: "mistral-codestral-latest")
            }
            #expect(try await catalog.model(id: current.id).status == .active)
            // With a replacement of the same provider the default moves to it.
            let deprecated = try await catalog.deprecateModel(id: current.id, replacementID: next.id)
            #expect(deprecated.status == .deprecated)
            #expect(deprecated.isDefault == false)
            #expect(try await catalog.provider(id: "openai").defaultModelID == next.id)
            // Once it is no longer the default and no model names it as replacement, it can go.
            try await catalog.deleteModel(id: current.id)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func deprecateAndRestoreWithReplacement(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let old = try await catalog.createModel(CatalogFixture.hosted("Old"))
            let new = try await catalog.createModel(CatalogFixture.hosted("New"))
            let deprecated = try await catalog.deprecateModel(id: old.id, replacementID: new.id)
            #expect(deprecated.status == .deprecated)
            #expect(deprecated.replacementModelID == new.id)
            #expect(try await CatalogFixture.allModels(catalog, ModelListQuery(status: .deprecated)).map(\.id) == [old.id])

            // The replacement is referenced: deleting it is refused until the reference goes.
            await expectHangarError(.conflict, code: .modelReferenced) { try await catalog.deleteModel(id: new.id) }

            let restored = try await catalog.restoreModel(id: old.id)
            #expect(restored.status == .active)
            #expect(restored.replacementModelID == nil)
            try await catalog.deleteModel(id: new.id)

            // Deprecating without a replacement, then naming one by PATCH.
            let other = try await catalog.createModel(CatalogFixture.hosted("Other"))
            _ = try await catalog.deprecateModel(id: old.id, replacementID: nil)
            #expect(
                try await catalog.updateModel(id: old.id, ModelPatch(replacementModelID: .set(other.id))).replacementModelID == other.id)
            #expect(try await catalog.updateModel(id: old.id, ModelPatch(replacementModelID: .clear)).replacementModelID == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func replacementsMustBeOtherActiveModels(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let a = try await catalog.createModel(CatalogFixture.hosted("A"))
            let b = try await catalog.createModel(CatalogFixture.hosted("B"))
            await expectHangarError(.conflict, field: "replacement_model_id") {
                _ = try await catalog.deprecateModel(id: a.id, replacementID: a.id)
            }
            await expectHangarError(.conflict, field: "replacement_model_id") {
                _ = try await catalog.deprecateModel(id: a.id, replacementID: "ghost")
            }
            _ = try await catalog.deprecateModel(id: b.id, replacementID: nil)
            await expectHangarError(.conflict, field: "replacement_model_id") {
                _ = try await catalog.deprecateModel(id: a.id, replacementID: b.id)
            }
            // An active model has no replacement.
            await expectHangarError(.conflict, code: .notDeprecated) {
                _ = try await catalog.updateModel(id: a.id, ModelPatch(replacementModelID: .set("mistral-codestral-latest")))
            }
            #expect(try await catalog.model(id: a.id).status == .active)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func localModelsNeedTheirFileAndHostedOnesRefuseIt(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let local = try await catalog.createModel(
                ModelDraft(
                    providerID: "local", name: "Tiny", apiName: "tiny", hfRepo: "acme/tiny-GGUF", modelFile: "q/tiny-Q8_0.gguf"))
            #expect(local.kind == .local)
            #expect(local.hfRevision == "main")
            #expect(local.downloadStatus == .pending)
            #expect(local.downloaded == false)
            await expectHangarError(.conflict, code: .localFieldsRequired, field: "model_file") {
                _ = try await catalog.createModel(ModelDraft(providerID: "local", name: "No file", apiName: "nofile", hfRepo: "acme/x"))
            }
            await expectHangarError(.conflict, code: .notALocalModel) {
                _ = try await catalog.createModel(ModelDraft(providerID: "openai", name: "Odd", apiName: "odd", modelFile: "x.gguf"))
            }
            let hosted = try await catalog.createModel(CatalogFixture.hosted("Hosted"))
            await expectHangarError(.conflict, code: .notALocalModel) {
                _ = try await catalog.updateModel(id: hosted.id, ModelPatch(hfRepo: "acme/x"))
            }
            await expectHangarError(.unprocessable, field: "hf_repo") {
                _ = try await catalog.createModel(
                    ModelDraft(providerID: "local", name: "Bad", apiName: "bad", hfRepo: "no-slash", modelFile: "x.gguf"))
            }
            await expectHangarError(.unprocessable, field: "model_file") {
                _ = try await catalog.updateModel(id: local.id, ModelPatch(modelFile: "../escape.gguf"))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func pricesKeepTheirDecimalValue(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let model = try await catalog.createModel(
                ModelDraft(
                    providerID: "openai", name: "Priced", apiName: "priced", costInputPerMillion: 0.1, costOutputPerMillion: 1_000_000))
            let read = try await catalog.model(id: model.id)
            #expect(read.costInputPerMillion == 0.1)
            #expect(read.costOutputPerMillion == 1_000_000)
            await expectHangarError(.unprocessable, field: "cost_input_per_million") {
                _ = try await catalog.updateModel(id: model.id, ModelPatch(costInputPerMillion: .set(-0.01)))
            }
        }
    }
}
