import HangarCore
import SQLKit

/// Field checks of model requests (422) and the checks that need stored state (409).
enum ModelValidation {
    static func check(_ draft: ModelDraft) throws {
        var fields: [String: FieldError] = [:]
        fields["name"] = FieldRules.displayName(draft.name)
        fields["api_name"] = FieldRules.apiName(draft.apiName)
        fields["context_window"] = draft.contextWindow.flatMap(FieldRules.contextWindow)
        fields["max_output_tokens"] = draft.maxOutputTokens.flatMap(FieldRules.maxOutputTokens)
        fields["temperature_default"] = draft.temperatureDefault.flatMap(FieldRules.temperature)
        fields["cost_input_per_million"] = draft.costInputPerMillion.flatMap(FieldRules.cost)
        fields["cost_output_per_million"] = draft.costOutputPerMillion.flatMap(FieldRules.cost)
        fields["hf_repo"] = draft.hfRepo.flatMap(FieldRules.hfRepo)
        fields["hf_revision"] = draft.hfRevision.flatMap(FieldRules.hfRevision)
        fields["model_file"] = draft.modelFile.flatMap(FieldRules.modelFile)
        fields["hf_token"] = draft.hfToken.flatMap(FieldRules.hfToken)
        if !draft.providerID.isEmpty, draft.providerID.unicodeScalars.count > 128 {
            fields["provider_id"] = .tooLong(max: 128, "Provider id must be at most 128 characters.")
        } else if draft.providerID.isEmpty {
            fields["provider_id"] = .required("Provider is required.")
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }

    static func check(_ patch: ModelPatch) throws {
        var fields: [String: FieldError] = [:]
        fields["name"] = patch.name.flatMap { FieldRules.displayName($0) }
        fields["api_name"] = patch.apiName.flatMap(FieldRules.apiName)
        fields["context_window"] = patch.contextWindow.flatMap(FieldRules.contextWindow)
        fields["max_output_tokens"] = patch.maxOutputTokens.flatMap(FieldRules.maxOutputTokens)
        fields["temperature_default"] = patch.temperatureDefault.flatMap(FieldRules.temperature)
        fields["cost_input_per_million"] = patch.costInputPerMillion?.value.flatMap(FieldRules.cost)
        fields["cost_output_per_million"] = patch.costOutputPerMillion?.value.flatMap(FieldRules.cost)
        fields["hf_repo"] = patch.hfRepo.flatMap(FieldRules.hfRepo)
        fields["hf_revision"] = patch.hfRevision.flatMap(FieldRules.hfRevision)
        fields["model_file"] = patch.modelFile.flatMap(FieldRules.modelFile)
        fields["hf_token"] = patch.hfToken?.value.flatMap(FieldRules.hfToken)
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
