import HangarCore
import SQLKit

extension CatalogService {
    public func listModels(_ query: ModelListQuery) async throws -> (items: [CatalogModel], total: Int, nextCursor: String?) {
        let (rows, total) = try await database.read { sql in try await ModelQueries.list(query, on: sql) }
        let items = Array(rows.prefix(query.limit))
        let next = rows.count > query.limit ? items.last.map(PageCursor.encode(after:)) : nil
        return (items, total, next)
    }

    public func modelCounts(_ query: ModelListQuery) async throws -> ModelCounts {
        try await database.read { sql in try await ModelQueries.counts(query, on: sql) }
    }

    public func model(id: String) async throws -> CatalogModel {
        guard let model = try await database.read({ sql in try await ModelQueries.find(id: id, on: sql) }) else {
            throw HangarError.notFound(.model, id: id)
        }
        return model
    }

    /// The model a connection serves under `apiName`, if the catalog has it.
    public func model(providerID: String, apiName: String) async throws -> CatalogModel? {
        try await database.read { sql in try await ModelQueries.find(providerID: providerID, apiName: apiName, on: sql) }
    }

    /// The models among `ids` that exist, in any order.
    public func models(ids: [String]) async throws -> [CatalogModel] {
        try await database.read { sql in try await ModelQueries.find(ids: ids, on: sql) }
    }

    /// `deployedFrom` names the local model an Ollama model was made from (deployments only).
    public func createModel(_ draft: ModelDraft, deployedFrom: String? = nil) async throws -> CatalogModel {
        let model = try await insertModel(draft, deployedFrom: deployedFrom)
        await events.model(model, .created)
        return model
    }

    private func insertModel(_ draft: ModelDraft, deployedFrom: String?) async throws -> CatalogModel {
        try ModelValidation.check(draft)
        return try await write { sql in
            guard let provider = try await ProviderQueries.find(id: draft.providerID, on: sql) else {
                throw HangarError(
                    .notFound, code: .providerNotFound,
                    message: "No provider with id '\(draft.providerID.prefix(80))'; list providers to find the right id.",
                    fields: ["provider_id": .notFound("No provider with this id.")])
            }
            try ModelValidation.checkKind(
                provider: provider,
                hasLocalFields: draft.hfRepo != nil || draft.modelFile != nil || draft.hfRevision != nil
                    || draft.hfToken != nil || draft.downloadNow == true)
            if provider.kind == .local, draft.hfRepo == nil || draft.modelFile == nil {
                var fields: [String: FieldError] = [:]
                if draft.hfRepo == nil { fields["hf_repo"] = .required("Hugging Face repository is required for a local model.") }
                if draft.modelFile == nil { fields["model_file"] = .required("Model file is required for a local model.") }
                throw HangarError(
                    .conflict, code: .localFieldsRequired,
                    message: "A model of the local provider needs hf_repo and model_file.", fields: fields)
            }
            try await ModelValidation.checkUniqueAPIName(draft.apiName, providerID: provider.id, excluding: nil, on: sql)
            let now = Timestamp.now()
            let isLocal = provider.kind == .local
            let model = CatalogModel(
                id: Self.newID(), providerID: provider.id, providerKind: provider.kind, kind: isLocal ? .local : .hosted,
                name: draft.name, apiName: draft.apiName, contextWindow: draft.contextWindow ?? Self.defaultContextWindow,
                maxOutputTokens: draft.maxOutputTokens ?? Self.defaultMaxOutputTokens,
                temperatureDefault: draft.temperatureDefault ?? Self.defaultTemperature,
                isBuiltin: false, isDefault: false, status: .active,
                costInputPerMillion: draft.costInputPerMillion, costOutputPerMillion: draft.costOutputPerMillion,
                hfRepo: draft.hfRepo, hfRevision: isLocal ? (draft.hfRevision ?? "main") : nil, modelFile: draft.modelFile,
                downloadStatus: isLocal ? .pending : nil, downloaded: isLocal ? false : nil, deployedFrom: deployedFrom,
                deprecationDate: draft.deprecationDate,
                priceSource: draft.costInputPerMillion != nil || draft.costOutputPerMillion != nil ? PriceSource.manual : nil,
                priceSyncedAt: draft.costInputPerMillion != nil || draft.costOutputPerMillion != nil ? now : nil,
                createdAt: now, updatedAt: now)
            try await ModelQueries.insert(model, on: sql)
            if let token = draft.hfToken {
                let sealed = try secrets.seal(token, context: Self.hfTokenContext(model.id))
                try await ModelDownloadQueries.setSealedHFToken(sealed, modelID: model.id, on: sql)
            }
            return try await ModelQueries.find(id: model.id, on: sql) ?? model
        }
    }

    public func updateModel(id: String, _ patch: ModelPatch) async throws -> CatalogModel {
        let model = try await writeModel(id: id, patch)
        await events.model(model, .updated)
        return model
    }

    private func writeModel(id: String, _ patch: ModelPatch) async throws -> CatalogModel {
        try ModelValidation.check(patch)
        return try await write { sql in
            guard let current = try await ModelQueries.find(id: id, on: sql) else {
                throw HangarError.notFound(.model, id: id)
            }
            if let tokenPatch = patch.hfToken {
                guard current.kind == .local else {
                    throw HangarError(
                        .conflict, code: .notALocalModel,
                        message: "hf_token applies to local models only; '\(current.name)' is hosted.",
                        fields: ["hf_token": .notAllowed("Only local models have a Hugging Face token.")])
                }
                let sealed = try tokenPatch.value.map { try secrets.seal($0, context: Self.hfTokenContext(id)) }
                try await ModelDownloadQueries.setSealedHFToken(sealed, modelID: id, on: sql)
            }
            return try await ModelUpdate(current: current, patch: patch, sql: sql).apply()
        }
    }

    /// The Hugging Face token of a local model, opened; nil when none is stored;
    /// `secret_unreadable` when it cannot be opened.
    public func hfToken(ofModel id: String) async throws -> String? {
        let sealed = try await database.read { sql in try await ModelDownloadQueries.sealedHFToken(modelID: id, on: sql) }
        return try await open(sealed, context: Self.hfTokenContext(id)) { HangarError.unreadableHFToken }
    }

    /// What a new model gets for the values its creator leaves out.
    public static let defaultContextWindow = 32_000
    public static let defaultMaxOutputTokens = 4096
    public static let defaultTemperature = 0.7

    /// Binds a sealed token to its model, so a ciphertext copied to another row does not open.
    public static func hfTokenContext(_ modelID: String) -> String { "model:\(modelID):hf_token" }

    public func deprecateModel(id: String, replacementID: String?) async throws -> CatalogModel {
        try await updateModel(
            id: id, ModelPatch(status: .deprecated, replacementModelID: replacementID.map { .set($0) } ?? .clear))
    }

    public func restoreModel(id: String) async throws -> CatalogModel {
        try await updateModel(id: id, ModelPatch(status: .active, replacementModelID: .clear))
    }

    public func setDefaultModel(id: String) async throws -> CatalogModel {
        try await updateModel(id: id, ModelPatch(isDefault: true))
    }

    public func deleteModel(id: String) async throws {
        try await removeModel(id: id)
        await events.modelDeleted(id: id)
    }

    private func removeModel(id: String) async throws {
        try await write { sql in
            guard let model = try await ModelQueries.find(id: id, on: sql) else {
                throw HangarError.notFound(.model, id: id)
            }
            if model.isBuiltin {
                throw HangarError(
                    .conflict, code: .builtinModel,
                    message: "'\(model.name)' is a builtin model and cannot be deleted; deprecate it instead.")
            }
            if model.isDefault {
                let provider = try await ProviderQueries.find(id: model.providerID, on: sql)
                throw HangarError(
                    .conflict, code: .modelIsDefault,
                    message:
                        "'\(model.name)' is the default model of '\(provider?.name ?? model.providerID)'; make another model the default first, then delete it."
                )
            }
            let referencing = try await ModelQueries.countReplacing(id: id, on: sql)
            if referencing > 0 {
                throw HangarError(
                    .conflict, code: .modelReferenced,
                    message:
                        "'\(model.name)' is the replacement of \(referencing) deprecated model(s); deprecate it instead, or change their replacement first."
                )
            }
            try await ModelQueries.delete(id: id, on: sql)
        }
    }
}

extension CatalogService {
    /// Every model of the catalog, in id order (the gateway filters them per key).
    public func allModels() async throws -> [CatalogModel] {
        try await database.read { sql in try await ModelQueries.all(on: sql) }
    }
}
