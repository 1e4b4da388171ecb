import HangarCore
import SQLKit

/// Applies a PATCH to a stored model inside a write transaction, enforcing the lifecycle rules:
/// a builtin model keeps its name, API name and local fields (its prices, limits and
/// deprecation date change like any other); a deprecated model is never a default; a
/// replacement must be another, active model.
public struct ModelUpdate {
    let current: CatalogModel
    let patch: ModelPatch
    let sql: any SQLDatabase

    /// Published in `GET /api/meta` as `builtin_editable`, which the model form reads.
    public static let builtinEditable = [
        "temperature_default", "status", "is_default", "replacement_model_id", "cost_input_per_million",
        "cost_output_per_million", "context_window", "max_output_tokens", "deprecation_date",
    ]

    func apply() async throws -> CatalogModel {
        if current.isBuiltin { try refuseBuiltinChanges() }
        var model = current
        try await applyFields(to: &model)
        try await applyLifecycle(to: &model)
        model.updatedAt = Timestamp.now()
        try await ModelQueries.update(model, on: sql)
        return try await ModelQueries.find(id: model.id, on: sql) ?? model
    }

    /// Values equal to the stored ones are not changes, so a form that sends every field
    /// back still works on a builtin model.
    private func refuseBuiltinChanges() throws {
        var changed: [String] = []
        if let name = patch.name, name != current.name { changed.append("name") }
        if let apiName = patch.apiName, apiName != current.apiName { changed.append("api_name") }
        if let value = patch.hfRepo, value != current.hfRepo { changed.append("hf_repo") }
        if let value = patch.hfRevision, value != current.hfRevision { changed.append("hf_revision") }
        if let value = patch.modelFile, value != current.modelFile { changed.append("model_file") }
        guard !changed.isEmpty else { return }
        throw HangarError(
            .conflict, code: .builtinModel,
            message:
                "'\(current.name)' is a builtin model: its name, API name and file are fixed; its prices, limits, temperature, status and default can change.",
            fields: Dictionary(uniqueKeysWithValues: changed.map { ($0, .notAllowed("A builtin model's \($0) cannot be changed.")) }))
    }

    private func applyFields(to model: inout CatalogModel) async throws {
        if let name = patch.name { model.name = name }
        if let apiName = patch.apiName, apiName != current.apiName {
            try await ModelValidation.checkUniqueAPIName(apiName, providerID: current.providerID, excluding: current.id, on: sql)
            model.apiName = apiName
        }
        if let value = patch.contextWindow { model.contextWindow = value }
        if let value = patch.maxOutputTokens { model.maxOutputTokens = value }
        if model.contextWindow != current.contextWindow || model.maxOutputTokens != current.maxOutputTokens {
            model.limitsGuessed = false
        }
        if let value = patch.temperatureDefault { model.temperatureDefault = value }
        if let value = patch.costInputPerMillion { model.costInputPerMillion = value.value }
        if let value = patch.costOutputPerMillion { model.costOutputPerMillion = value.value }
        // A price typed by the admin is theirs: the form sends unchanged values back, so only a
        // real change takes the source over.
        if model.costInputPerMillion != current.costInputPerMillion || model.costOutputPerMillion != current.costOutputPerMillion {
            model.priceSource = PriceSource.manual
            model.priceSyncedAt = Timestamp.now()
        }
        if let value = patch.deprecationDate { model.deprecationDate = value.value }
        let touchesLocal = patch.hfRepo != nil || patch.hfRevision != nil || patch.modelFile != nil
        if touchesLocal, current.kind != .local {
            throw HangarError(
                .conflict, code: .notALocalModel,
                message: "hf_repo, hf_revision and model_file apply to local models only; '\(current.name)' is hosted.",
                fields: ["hf_repo": .notAllowed("Only local models have a Hugging Face repository.")])
        }
        if let value = patch.hfRepo { model.hfRepo = value }
        if let value = patch.hfRevision { model.hfRevision = value }
        if let value = patch.modelFile { model.modelFile = value }
        let identityChanged =
            model.hfRepo != current.hfRepo || model.hfRevision != current.hfRevision
            || model.modelFile != current.modelFile
        if identityChanged {
            // Another file is another download: refuse while one runs, forget the old file otherwise
            // (it stays on disk until the model is deleted with delete_local_file).
            if current.downloadStatus == .downloading {
                throw HangarError(
                    .conflict, code: .downloadActive,
                    message: "'\(current.name)' is downloading; cancel the download before changing its repository, revision or file.")
            }
            try await ModelDownloadQueries.set(.notDownloaded(.pending), modelID: current.id, on: sql)
        }
    }

    private func applyLifecycle(to model: inout CatalogModel) async throws {
        if let status = patch.status { model.status = status }
        switch patch.replacementModelID {
        case .set(let replacementID): model.replacementModelID = try await validReplacement(replacementID)
        case .clear: model.replacementModelID = nil
        case nil: break
        }
        if model.status == .active { model.replacementModelID = nil }
        if patch.replacementModelID?.value != nil, model.status != .deprecated {
            throw HangarError(
                .conflict, code: .notDeprecated,
                message: "Only a deprecated model has a replacement; deprecate '\(current.name)' in the same request.",
                fields: ["replacement_model_id": FieldError(.onlyWhenDeprecated, "Only a deprecated model can name a replacement.")])
        }

        guard let provider = try await ProviderQueries.find(id: current.providerID, on: sql) else { return }
        var defaultID = provider.defaultModelID
        if patch.isDefault == true {
            guard model.status == .active else {
                throw HangarError(
                    .conflict, code: .modelDeprecated,
                    message: "'\(current.name)' is deprecated and cannot become the default model; restore it first.",
                    fields: ["is_default": FieldError(.deprecated, "A deprecated model cannot be the default.")])
            }
            defaultID = model.id
        } else if patch.isDefault == false, defaultID == model.id {
            defaultID = nil
        }
        if defaultID == model.id, model.status == .deprecated {
            // The default moves to a replacement of the same provider; otherwise the admin
            // must choose the next default first.
            guard let replacementID = model.replacementModelID,
                let replacement = try await ModelQueries.find(id: replacementID, on: sql),
                replacement.providerID == model.providerID
            else {
                throw HangarError(
                    .conflict, code: .modelIsDefault,
                    message:
                        "'\(current.name)' is the default model of '\(provider.name)'; make another model the default first, or name a replacement of the same provider.",
                    fields: [
                        "status": FieldError(
                            .needsReplacement, "The default model cannot be deprecated without a replacement of the same provider.")
                    ])
            }
            defaultID = replacement.id
        }
        if defaultID != provider.defaultModelID {
            var updated = provider
            updated.defaultModelID = defaultID
            updated.updatedAt = Timestamp.now()
            try await ProviderQueries.update(updated, on: sql)
        }
    }

    private func validReplacement(_ replacementID: String) async throws -> String {
        if replacementID == current.id {
            throw HangarError(
                .conflict, code: .invalidReplacement, message: "A model cannot replace itself; choose another model.",
                fields: ["replacement_model_id": FieldError(.selfReference, "A model cannot replace itself.")])
        }
        guard let replacement = try await ModelQueries.find(id: replacementID, on: sql) else {
            throw HangarError(
                .conflict, code: .replacementNotFound,
                message: "No model with id '\(replacementID.prefix(80))' to use as replacement.",
                fields: ["replacement_model_id": .notFound("No model with this id.")])
        }
        if replacement.status == .deprecated {
            throw HangarError(
                .conflict, code: .invalidReplacement,
                message: "'\(replacement.name)' is deprecated too; choose an active replacement.",
                fields: ["replacement_model_id": FieldError(.notActive, "The replacement must be an active model.")])
        }
        return replacement.id
    }
}
