import HangarCore
import SQLKit
import Secrets
import Storage

/// Custom connections and their write-only keys.
extension CatalogService {
    public static let creatableKinds: [ProviderKind] = [.mistral, .openai, .azureOpenAI, .ollama, .openAICompatible]
    public static let kindRule = "Kind must be one of \(creatableKinds.map(\.rawValue).joined(separator: ", "))."

    /// The kind an admin may create or test, or nil (unknown, or the builtin-only `local`).
    public static func creatableKind(_ raw: String) -> ProviderKind? {
        ProviderKind(rawValue: raw).flatMap { creatableKinds.contains($0) ? $0 : nil }
    }

    public func createProvider(_ draft: ProviderDraft) async throws -> Provider {
        let provider = try await insertProvider(draft)
        await events.provider(provider, .created)
        return provider
    }

    private func insertProvider(_ draft: ProviderDraft) async throws -> Provider {
        var fields: [String: FieldError] = [:]
        let kind = Self.creatableKind(draft.kind)
        if kind == nil { fields["kind"] = .invalid(Self.kindRule) }
        fields.merge(
            FieldRules.connectionProblems(
                name: draft.name, baseURL: draft.baseURL, apiVersion: draft.apiVersion, apiKey: draft.apiKey,
                rpmLimit: draft.rpmLimit, tpmLimit: draft.tpmLimit, maxParallel: draft.maxParallel)
        ) { first, _ in first }
        guard let kind, fields.isEmpty else { throw HangarError.validation(fields) }
        if kind != .azureOpenAI, draft.apiVersion != nil {
            throw HangarError(
                .conflict, code: .notApplicable, message: "api_version applies to Azure OpenAI connections only.",
                fields: ["api_version": .notAllowed("Only Azure OpenAI connections have an API version.")])
        }
        let now = Timestamp.now()
        let provider = Provider(
            id: Self.newID(), kind: kind, name: draft.name, baseURL: draft.baseURL,
            apiVersion: kind == .azureOpenAI ? (draft.apiVersion ?? ProviderKind.defaultAzureAPIVersion) : nil,
            enabled: draft.enabled ?? true, rpmLimit: draft.rpmLimit, tpmLimit: draft.tpmLimit,
            maxParallel: draft.maxParallel, isBuiltin: false, apiKeyConfigured: draft.apiKey != nil,
            createdAt: now, updatedAt: now)
        let sealed = try draft.apiKey.map { try secrets.seal($0, context: Self.keyContext(provider.id)) }
        return try await write { sql in
            try await Self.requireUniqueName(draft.name, except: nil, on: sql)
            try await ProviderQueries.insert(provider, on: sql)
            if let sealed { try await ProviderQueries.setSealedKey(sealed, id: provider.id, on: sql) }
            return provider
        }
    }

    public func deleteProvider(id: String, cascade: Bool) async throws {
        try await removeProvider(id: id, cascade: cascade)
        await events.providerDeleted(id: id)
    }

    private func removeProvider(id: String, cascade: Bool) async throws {
        try await write { sql in
            guard let provider = try await ProviderQueries.find(id: id, on: sql) else {
                throw HangarError.notFound(.provider, id: id)
            }
            if provider.isBuiltin {
                throw HangarError(
                    .conflict, code: .builtinProvider,
                    message: "'\(provider.name)' is a builtin connection and cannot be deleted; disable it instead.")
            }
            let count = try await ModelQueries.count(providerID: id, on: sql)
            if count > 0, !cascade {
                throw HangarError(
                    .conflict, code: .providerHasModels,
                    message: "'\(provider.name)' has \(count) model(s); delete them first, or delete with cascade=true to remove them too.")
            }
            try await ModelQueries.delete(providerID: id, on: sql)
            try await ProviderQueries.delete(id: id, on: sql)
        }
    }

    /// The connection's key in clear, for an upstream call: nil when none is stored;
    /// `secret_unreadable` when it cannot be opened (tampered, or sealed under another key).
    public func apiKey(ofProvider id: String) async throws -> String? {
        let sealed = try await database.read { sql in try await ProviderQueries.sealedKey(id: id, on: sql) }
        return try await open(sealed, context: Self.keyContext(id)) {
            HangarError.unreadableKey(ofConnection: (try? await provider(id: id))?.name ?? id)
        }
    }

    /// Applies a PATCH's `api_key` inside its transaction.
    func applyKeyPatch(_ patch: PatchValue<String>?, to provider: inout Provider, on sql: any SQLDatabase) async throws {
        guard let patch else { return }
        if provider.kind == .local {
            throw HangarError(
                .conflict, code: .notApplicable, message: "The local provider serves files from this machine and has no API key.",
                fields: ["api_key": .notAllowed("The local provider has no API key.")])
        }
        let sealed = try patch.value.map { try secrets.seal($0, context: Self.keyContext(provider.id)) }
        try await ProviderQueries.setSealedKey(sealed, id: provider.id, on: sql)
        provider.apiKeyConfigured = sealed != nil
    }

    static func requireUniqueName(_ name: String, except id: String?, on sql: any SQLDatabase) async throws {
        if let other = try await ProviderQueries.find(nameKey: ProviderQueries.nameKey(name), on: sql), other.id != id {
            throw HangarError(
                .conflict, code: .duplicateName,
                message: "Another connection is already named '\(other.name)'; choose another name.",
                fields: ["name": .duplicate("This name is already used by another connection.")])
        }
    }

    /// Binds a sealed key to its connection: a ciphertext copied onto another row does not open.
    public static func keyContext(_ providerID: String) -> String { "provider:\(providerID)" }
}

extension CatalogService {
    /// Stores a connection test's result as the connection's `last_test`.
    public func recordTest(_ result: ConnectionTestResult, providerID: String) async throws {
        let provider = try await write { sql in
            guard var provider = try await ProviderQueries.find(id: providerID, on: sql) else {
                throw HangarError.notFound(.provider, id: providerID)
            }
            provider.lastTest = result
            try await ProviderQueries.update(provider, on: sql)
            return provider
        }
        await events.provider(provider, .updated)
    }
}
