import Catalog
import Foundation
import HangarCore
import SQLKit

/// One import inside its transaction: works out the final state of every connection and model,
/// checks the rules that span entries (names, api names, defaults, references), then writes
/// only what differs, so importing the same file twice changes nothing the second time.
struct ImportRun {
    let file: ConfigurationExport
    let now: String
    var items: [ImportItem] = []
    var warnings: [String] = []
    var created = 0
    var updated = 0
    var unchanged = 0
    var fields: [String: FieldError] = [:]

    init(file: ConfigurationExport, now: String) {
        self.file = file
        self.now = now
    }

    mutating func apply(on sql: any SQLDatabase) async throws {
        fields = ImportValidation.conflicts(in: file)
        let providers = Dictionary(uniqueKeysWithValues: try await ProviderQueries.all(on: sql).map { ($0.id, $0) })
        let models = Dictionary(uniqueKeysWithValues: try await ModelQueries.all(on: sql).map { ($0.id, $0) })
        var finalProviders = providers
        var finalModels = models
        var providerWrites: [(Provider, isNew: Bool)] = []
        var modelWrites: [(CatalogModel, isNew: Bool)] = []

        for (index, entry) in file.providers.enumerated() {
            guard let change = planProvider(entry, at: index, current: providers[entry.id]) else { continue }
            finalProviders[entry.id] = change.provider
            if change.isNew || !change.fields.isEmpty { providerWrites.append((change.provider, change.isNew)) }
        }
        for (index, entry) in file.models.enumerated() {
            guard let change = planModel(entry, at: index, current: models[entry.id], providers: finalProviders) else { continue }
            finalModels[entry.id] = change.model
            if change.isNew || !change.fields.isEmpty { modelWrites.append((change.model, change.isNew)) }
        }
        let defaults = planDefaults(providers: &finalProviders, current: providers, models: finalModels)
        checkFinalState(providers: finalProviders, models: finalModels)
        guard fields.isEmpty else { throw ImportValidation.conflicting(fields) }

        // Connections first (their defaults last), then models without replacements, so no
        // row ever points at one that is not there yet.
        for (provider, isNew) in providerWrites {
            var row = provider
            row.defaultModelID = providers[provider.id]?.defaultModelID
            if isNew { try await ProviderQueries.insert(row, on: sql) } else { try await ProviderQueries.update(row, on: sql) }
        }
        for (model, isNew) in modelWrites where isNew {
            var row = model
            row.replacementModelID = nil
            try await ModelQueries.insert(row, on: sql)
        }
        for (model, isNew) in modelWrites where !isNew || model.replacementModelID != nil {
            try await ModelQueries.update(model, on: sql)
        }
        for id in defaults {
            guard let provider = finalProviders[id] else { continue }
            try await ProviderQueries.update(provider, on: sql)
        }
        try await applySettings(on: sql)
    }

    // MARK: - Connections

    struct ProviderChange {
        var provider: Provider
        var isNew: Bool
        var fields: [String]
    }

    mutating func planProvider(_ entry: ExportedProvider, at index: Int, current: Provider?) -> ProviderChange? {
        guard let current else {
            if entry.isBuiltin {
                skip(.provider, entry.id, entry.name, "This server has no builtin connection with this id.")
                return nil
            }
            let provider = Provider(
                id: entry.id, kind: entry.kind, name: entry.name, baseURL: entry.baseURL,
                apiVersion: entry.kind == .azureOpenAI ? (entry.apiVersion ?? ProviderKind.defaultAzureAPIVersion) : nil,
                enabled: entry.enabled,
                defaultModelID: nil, rpmLimit: entry.rpmLimit, tpmLimit: entry.tpmLimit,
                maxParallel: entry.maxParallel, isBuiltin: false, createdAt: now, updatedAt: now)
            let note =
                entry.kind == .ollama
                ? nil
                : entry.kind == .openAICompatible
                    ? "If this server needs an API key, set it after the import: keys are never exported."
                    : "Set its API key after the import: keys are never exported."
            record(.provider, entry.id, entry.name, .create, ["kind", "name"], note: note)
            return ProviderChange(provider: provider, isNew: true, fields: [])
        }
        guard current.kind == entry.kind else {
            fields["providers[\(index)].kind"] = .invalid(
                "The connection '\(current.name)' is \(current.kind.rawValue) here; a kind cannot change.")
            return nil
        }
        var next = current
        var changed: [String] = []
        func set<T: Equatable>(_ key: String, _ path: WritableKeyPath<Provider, T>, _ value: T) {
            if next[keyPath: path] != value {
                next[keyPath: path] = value
                changed.append(key)
            }
        }
        set("name", \.name, entry.name)
        set("base_url", \.baseURL, entry.baseURL)
        set(
            "api_version", \.apiVersion,
            entry.kind == .azureOpenAI ? (entry.apiVersion ?? ProviderKind.defaultAzureAPIVersion) : entry.apiVersion)
        set("enabled", \.enabled, entry.enabled)
        set("rpm_limit", \.rpmLimit, entry.rpmLimit)
        set("tpm_limit", \.tpmLimit, entry.tpmLimit)
        set("max_parallel", \.maxParallel, entry.maxParallel)
        if changed.isEmpty {
            unchanged += 1
        } else {
            next.updatedAt = now
            record(.provider, entry.id, entry.name, .update, changed)
        }
        return ProviderChange(provider: next, isNew: false, fields: changed)
    }

    /// Sets each imported connection's default model; returns the ids whose default changes.
    mutating func planDefaults(providers: inout [String: Provider], current: [String: Provider], models: [String: CatalogModel]) -> [String]
    {
        var changed: [String] = []
        for (index, entry) in file.providers.enumerated() {
            guard var provider = providers[entry.id], provider.defaultModelID != entry.defaultModelID else { continue }
            if let id = entry.defaultModelID {
                guard let model = models[id], model.providerID == entry.id else {
                    fields["providers[\(index)].default_model_id"] = .notFound("No model of this connection has the id '\(id.prefix(80))'.")
                    continue
                }
                if model.status == .deprecated {
                    fields["providers[\(index)].default_model_id"] = FieldError(
                        .deprecated, "\(model.name) is deprecated and cannot be the default.")
                    continue
                }
            }
            provider.defaultModelID = entry.defaultModelID
            provider.updatedAt = now
            providers[entry.id] = provider
            changed.append(entry.id)
            if current[entry.id] != nil { note(update: "default_model_id", of: entry) }
        }
        return changed
    }

    /// Counts a default change as part of its connection's update.
    mutating func note(update field: String, of entry: ExportedProvider) {
        if let index = items.firstIndex(where: { $0.entity == .provider && $0.id == entry.id }) {
            items[index].fields.append(field)
        } else {
            unchanged -= 1
            updated += 1
            items.append(ImportItem(entity: .provider, id: entry.id, name: entry.name, action: .update, fields: [field]))
        }
    }

    // MARK: - Report

    mutating func record(
        _ entity: ImportItem.Entity, _ id: String, _ name: String, _ action: ImportItem.Action, _ changed: [String], note: String? = nil
    ) {
        switch action {
        case .create: created += 1
        case .update: updated += 1
        case .skip: break
        }
        items.append(ImportItem(entity: entity, id: id, name: name, action: action, fields: changed, note: note))
    }

    mutating func skip(_ entity: ImportItem.Entity, _ id: String, _ name: String, _ why: String) {
        record(entity, id, name, .skip, [], note: why)
        warnings.append("Skipped \(entity.rawValue) '\(name)' (\(id)): \(why)")
    }

    func report(dryRun: Bool) -> ImportReport {
        ImportReport(
            dryRun: dryRun, applied: !dryRun, created: created, updated: updated, unchanged: unchanged, items: items,
            warnings: warnings)
    }
}
