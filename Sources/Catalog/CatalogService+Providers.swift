import HangarCore
import SQLKit

extension CatalogService {
    public func providers() async throws -> [Provider] {
        try await database.read { sql in try await ProviderQueries.all(on: sql) }
    }

    public func provider(id: String) async throws -> Provider {
        guard let provider = try await database.read({ sql in try await ProviderQueries.find(id: id, on: sql) }) else {
            throw HangarError.notFound(.provider, id: id)
        }
        return provider
    }

    public func updateProvider(id: String, _ patch: ProviderPatch) async throws -> Provider {
        let provider = try await writeProvider(id: id, patch)
        await events.provider(provider, .updated)
        return provider
    }

    private func writeProvider(id: String, _ patch: ProviderPatch) async throws -> Provider {
        try ProviderValidation.check(patch)
        return try await write { sql in
            guard var provider = try await ProviderQueries.find(id: id, on: sql) else {
                throw HangarError.notFound(.provider, id: id)
            }
            if let name = patch.name, ProviderQueries.nameKey(name) != ProviderQueries.nameKey(provider.name) {
                try await Self.requireUniqueName(name, except: id, on: sql)
            }
            if let name = patch.name { provider.name = name }
            if let baseURL = patch.baseURL {
                if provider.kind == .local, baseURL.value != nil {
                    throw HangarError(
                        .conflict, code: .notApplicable,
                        message: "The local provider serves files from this machine and has no base URL.",
                        fields: ["base_url": .notAllowed("The local provider has no base URL.")])
                }
                provider.baseURL = baseURL.value
            }
            if let apiVersion = patch.apiVersion {
                if provider.kind != .azureOpenAI, apiVersion.value != nil {
                    throw HangarError(
                        .conflict, code: .notApplicable,
                        message: "api_version applies to Azure OpenAI connections only.",
                        fields: ["api_version": .notAllowed("Only Azure OpenAI connections have an API version.")])
                }
                provider.apiVersion = apiVersion.value
            }
            if let enabled = patch.enabled { provider.enabled = enabled }
            if let value = patch.rpmLimit { provider.rpmLimit = value.value }
            if let value = patch.tpmLimit { provider.tpmLimit = value.value }
            if let value = patch.maxParallel { provider.maxParallel = value.value }
            if let defaultModel = patch.defaultModelID {
                provider.defaultModelID = try await validDefault(defaultModel.value, of: provider, on: sql)
            }
            if provider.enabled, provider.kind != .local, provider.baseURL == nil {
                throw HangarError(
                    .conflict, code: .baseUrlRequired,
                    message: "'\(provider.name)' needs a base URL before it can be enabled; set base_url in the same request.",
                    fields: ["base_url": .required("A base URL is required to enable this connection.")])
            }
            try await applyKeyPatch(patch.apiKey, to: &provider, on: sql)
            provider.updatedAt = Timestamp.now()
            try await ProviderQueries.update(provider, on: sql)
            return provider
        }
    }

    private func validDefault(_ modelID: String?, of provider: Provider, on sql: any SQLDatabase) async throws -> String? {
        guard let modelID else { return nil }
        guard let model = try await ModelQueries.find(id: modelID, on: sql) else {
            throw HangarError(
                .notFound, code: .modelNotFound, message: "No model with id '\(modelID.prefix(80))'.",
                fields: ["default_model_id": .notFound("No model with this id.")])
        }
        if model.providerID != provider.id {
            throw HangarError(
                .conflict, code: .modelOfOtherProvider,
                message: "'\(model.name)' belongs to another connection; pick a model of '\(provider.name)'.",
                fields: ["default_model_id": FieldError(.otherProvider, "The default model must belong to this connection.")])
        }
        if model.status == .deprecated {
            throw HangarError(
                .conflict, code: .modelDeprecated,
                message: "'\(model.name)' is deprecated and cannot become the default model; restore it first.",
                fields: ["default_model_id": FieldError(.deprecated, "A deprecated model cannot be the default.")])
        }
        return model.id
    }
}

enum ProviderValidation {
    static func check(_ patch: ProviderPatch) throws {
        var fields = FieldRules.connectionProblems(
            name: patch.name, baseURL: patch.baseURL?.value, apiVersion: patch.apiVersion?.value, apiKey: patch.apiKey?.value,
            rpmLimit: patch.rpmLimit?.value, tpmLimit: patch.tpmLimit?.value, maxParallel: patch.maxParallel?.value)
        if let id = patch.defaultModelID?.value {
            fields["default_model_id"] = .length(of: id, max: 128, "Default model id must be 1 to 128 characters.")
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }
}
