import Catalog
import Foundation
import HangarCore
import SQLKit

extension ImportRun {
    struct ModelChange {
        var model: CatalogModel
        var isNew: Bool
        var fields: [String]
    }

    mutating func planModel(
        _ entry: ExportedModel, at index: Int, current: CatalogModel?, providers: [String: Provider]
    ) -> ModelChange? {
        let at = "models[\(index)]"
        guard let provider = providers[entry.providerID] else {
            if current == nil, entry.isBuiltin {
                skip(.model, entry.id, entry.name, "This server has no builtin model with this id.")
            } else {
                fields["\(at).provider_id"] = .notFound("No connection with the id '\(entry.providerID.prefix(80))' here or in the file.")
            }
            return nil
        }
        let isLocal = provider.kind == .local
        let hasLocalFields = entry.hfRepo != nil || entry.modelFile != nil || entry.hfRevision != nil
        if isLocal, entry.hfRepo == nil || entry.modelFile == nil {
            fields["\(at).hf_repo"] = .required("A model of the local provider needs hf_repo and model_file.")
        } else if !isLocal, hasLocalFields {
            fields["\(at).hf_repo"] = .notAllowed("Only models of the local provider have Hugging Face fields.")
        }
        guard let current else {
            if entry.isBuiltin {
                skip(.model, entry.id, entry.name, "This server has no builtin model with this id.")
                return nil
            }
            let model = CatalogModel(
                id: entry.id, providerID: provider.id, providerKind: provider.kind, kind: isLocal ? .local : .hosted,
                name: entry.name, apiName: entry.apiName, contextWindow: entry.contextWindow, maxOutputTokens: entry.maxOutputTokens,
                temperatureDefault: entry.temperatureDefault, isBuiltin: false, isDefault: false, status: entry.status,
                replacementModelID: entry.replacementModelID, costInputPerMillion: entry.costInputPerMillion.map(Self.double),
                costOutputPerMillion: entry.costOutputPerMillion.map(Self.double), hfRepo: entry.hfRepo,
                hfRevision: isLocal ? (entry.hfRevision ?? "main") : nil, modelFile: entry.modelFile,
                downloadStatus: isLocal ? .pending : nil, downloaded: isLocal ? false : nil, createdAt: now, updatedAt: now)
            record(.model, entry.id, entry.name, .create, ["provider_id", "name", "api_name"])
            return ModelChange(model: model, isNew: true, fields: [])
        }
        guard current.providerID == entry.providerID else {
            fields["\(at).provider_id"] = FieldError(
                .otherProvider, "The model '\(current.name)' belongs to another connection here; a model cannot move.")
            return nil
        }
        var next = current
        var changed: [String] = []
        var kept: [String] = []
        func set<T: Equatable>(_ key: String, _ path: WritableKeyPath<CatalogModel, T>, _ value: T, builtinMayChange: Bool = false) {
            guard next[keyPath: path] != value else { return }
            if current.isBuiltin && !builtinMayChange {
                kept.append(key)
                return
            }
            next[keyPath: path] = value
            changed.append(key)
        }
        set("name", \.name, entry.name)
        set("api_name", \.apiName, entry.apiName)
        set("context_window", \.contextWindow, entry.contextWindow)
        set("max_output_tokens", \.maxOutputTokens, entry.maxOutputTokens)
        set("temperature_default", \.temperatureDefault, entry.temperatureDefault, builtinMayChange: true)
        set("status", \.status, entry.status, builtinMayChange: true)
        set("replacement_model_id", \.replacementModelID, entry.replacementModelID, builtinMayChange: true)
        set("cost_input_per_million", \.costInputPerMillion, entry.costInputPerMillion.map(Self.double))
        set("cost_output_per_million", \.costOutputPerMillion, entry.costOutputPerMillion.map(Self.double))
        set("hf_repo", \.hfRepo, entry.hfRepo)
        set("hf_revision", \.hfRevision, entry.hfRevision)
        set("model_file", \.modelFile, entry.modelFile)
        if !kept.isEmpty {
            warnings.append(
                "Kept the builtin fields of '\(current.name)' (\(kept.joined(separator: ", "))): builtin models change only their temperature and status."
            )
        }
        if changed.isEmpty {
            unchanged += 1
        } else {
            next.updatedAt = now
            record(.model, entry.id, entry.name, .update, changed)
        }
        return ModelChange(model: next, isNew: false, fields: changed)
    }

    /// Rules across entries, checked on the state the import would leave.
    mutating func checkFinalState(providers: [String: Provider], models: [String: CatalogModel]) {
        let indexOf = Dictionary(file.models.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var apiNames: [String: String] = [:]
        for model in models.values.sorted(by: { $0.id < $1.id }) {
            let key = "\(model.providerID)\u{0}\(model.apiName)"
            if let other = apiNames[key], let index = indexOf[model.id] ?? indexOf[other] {
                fields["models[\(index)].api_name"] = .duplicate(
                    "Another model of this connection already has the API name '\(model.apiName)'.")
            }
            apiNames[key] = model.id
            if let replacement = model.replacementModelID, models[replacement] == nil, let index = indexOf[model.id] {
                fields["models[\(index)].replacement_model_id"] = .notFound(
                    "No model with the id '\(replacement.prefix(80))' here or in the file.")
            }
        }
        var names: [String: String] = [:]
        let providerIndex = Dictionary(file.providers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for provider in providers.values.sorted(by: { $0.id < $1.id }) {
            let key = provider.name.lowercased()
            if let other = names[key], let index = providerIndex[provider.id] ?? providerIndex[other] {
                fields["providers[\(index)].name"] = .duplicate("Another connection is already named '\(provider.name)'.")
            }
            names[key] = provider.id
            if let id = provider.defaultModelID, let model = models[id], model.status == .deprecated, let index = indexOf[id] {
                fields["models[\(index)].status"] =
                    FieldError(
                        .needsReplacement, "\(model.name) is the default of its connection; choose another default before deprecating it.")
            }
        }
    }

    mutating func applySettings(on sql: any SQLDatabase) async throws {
        let problems = try await SettingsService.referenceProblems(in: file.settings, on: sql)
        guard problems.isEmpty else {
            throw ImportValidation.conflicting(Dictionary(uniqueKeysWithValues: problems.map { ("settings.\($0.key)", $0.value) }))
        }
        for key in try await SettingsService.replace(with: file.settings, on: sql) {
            record(.setting, key, key, .update, [key])
        }
    }

    /// A price as the catalog stores it (to the millionth), so a finer one in a file compares
    /// equal to what its first import stored and a second import changes nothing.
    static func double(_ value: Decimal) -> Double {
        Double(Decimals.canonical(Double(NSDecimalNumber(decimal: value).stringValue) ?? 0)) ?? 0
    }
}
