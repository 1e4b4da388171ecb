import HangarCore
import SQLKit

/// Field checks of model requests (422) and the checks that need stored state (409).
enum ModelValidation {
    static func check(_ draft: ModelDraft) throws {
        var fields = FieldRules.modelProblems(
            name: draft.name, apiName: draft.apiName, contextWindow: draft.contextWindow, maxOutputTokens: draft.maxOutputTokens,
            temperatureDefault: draft.temperatureDefault, costInputPerMillion: draft.costInputPerMillion,
            costOutputPerMillion: draft.costOutputPerMillion, hfRepo: draft.hfRepo, hfRevision: draft.hfRevision,
            modelFile: draft.modelFile, hfToken: draft.hfToken, deprecationDate: draft.deprecationDate)
        if !draft.providerID.isEmpty, draft.providerID.unicodeScalars.count > 128 {
            fields["provider_id"] = .tooLong(max: 128, "Provider id must be at most 128 characters.")
        } else if draft.providerID.isEmpty {
            fields["provider_id"] = .required("Provider is required.")
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }

    static func check(_ patch: ModelPatch) throws {
        var fields = FieldRules.modelProblems(
            name: patch.name, apiName: patch.apiName, contextWindow: patch.contextWindow, maxOutputTokens: patch.maxOutputTokens,
            temperatureDefault: patch.temperatureDefault, costInputPerMillion: patch.costInputPerMillion?.value,
            costOutputPerMillion: patch.costOutputPerMillion?.value, hfRepo: patch.hfRepo, hfRevision: patch.hfRevision,
            modelFile: patch.modelFile, hfToken: patch.hfToken?.value, deprecationDate: patch.deprecationDate?.value)
        if let replacement = patch.replacementModelID?.value {
            fields["replacement_model_id"] = .length(of: replacement, max: 128, "Replacement model id must be 1 to 128 characters.")
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }

    /// Local fields belong to models of the local provider only.
    static func checkKind(provider: Provider, hasLocalFields: Bool) throws {
        if provider.kind != .local, hasLocalFields {
            throw HangarError(
                .conflict, code: .notALocalModel,
                message:
                    "hf_repo, hf_revision and model_file apply to models of the local provider only; '\(provider.name)' is a \(provider.kind.rawValue) connection.",
                fields: ["hf_repo": .notAllowed("Only local models have a Hugging Face repository.")])
        }
    }

    static func checkUniqueAPIName(_ apiName: String, providerID: String, excluding id: String?, on sql: any SQLDatabase) async throws {
        if let existing = try await ModelQueries.find(providerID: providerID, apiName: apiName, on: sql), existing.id != id {
            throw HangarError(
                .conflict, code: .duplicateApiName,
                message: "The API name '\(apiName)' is already used by '\(existing.name)' on this provider; choose another one.",
                fields: ["api_name": .duplicate("This API name is already used by another model of this provider.")])
        }
    }
}
