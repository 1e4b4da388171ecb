import Catalog
import Foundation
import HangarCore

/// Checks an import file on its own, before the database is looked at: the same field rules as
/// the API's forms, keyed like `models[3].context_window` so the admin finds the entry.
enum ImportValidation {
    static func check(_ file: ConfigurationExport) throws {
        if file.format != ConfigurationExport.formatName {
            throw HangarError(
                .unprocessable, code: .invalidImport,
                message: "This is not a Hangar configuration export (format must be \"\(ConfigurationExport.formatName)\").",
                fields: ["format": .invalid("Expected \"\(ConfigurationExport.formatName)\".")])
        }
        if file.version != ConfigurationExport.currentVersion {
            throw HangarError(
                .unprocessable, code: .unsupportedVersion,
                message:
                    "This server reads configuration version \(ConfigurationExport.currentVersion); the file is version \(file.version). Export it again from a matching Hangar.",
                fields: ["version": .invalid("Only version \(ConfigurationExport.currentVersion) is supported.")])
        }
        var fields: [String: FieldError] = [:]
        for (index, provider) in file.providers.enumerated() {
            for (field, problem) in problems(of: provider) { fields["providers[\(index)].\(field)"] = problem }
        }
        for (index, model) in file.models.enumerated() {
            for (field, problem) in problems(of: model) { fields["models[\(index)].\(field)"] = problem }
        }
        for (key, problem) in SettingsService.fieldProblems(in: file.settings) { fields["settings.\(key)"] = problem }
        guard fields.isEmpty else { throw invalid(fields) }
    }

    /// Entries that are fine alone but clash with each other or with what is stored (names,
    /// API names, references, defaults): 409, like the API's other rules on stored state.
    static func conflicting(_ fields: [String: FieldError]) -> HangarError {
        let first = fields.keys.sorted().prefix(3).joined(separator: ", ")
        return HangarError(
            .conflict, code: .importConflict,
            message:
                "The file clashes with itself or with this server in \(fields.count) place\(fields.count == 1 ? "" : "s") (\(first)\(fields.count > 3 ? ", …" : "")); nothing was imported. Fix them and try again.",
            fields: fields)
    }

    /// Rules between fields and between entries (the API answers these with 409 too): ids
    /// unique in the file, `api_version` on Azure only, `local` only as the builtin connection,
    /// a replacement only for a deprecated model and never itself.
    static func conflicts(in file: ConfigurationExport) -> [String: FieldError] {
        var fields: [String: FieldError] = [:]
        var seen = Set<String>()
        for (index, provider) in file.providers.enumerated() {
            let at = "providers[\(index)]"
            if !seen.insert(provider.id).inserted { fields["\(at).id"] = .duplicate("Another connection in the file has this id.") }
            if provider.apiVersion != nil, provider.kind != .azureOpenAI {
                fields["\(at).api_version"] = .notAllowed("Only Azure OpenAI connections have an API version.")
            }
            if provider.kind == .local, !provider.isBuiltin {
                fields["\(at).kind"] = .notAllowed("Only the builtin connection is of kind local.")
            }
        }
        seen = []
        for (index, model) in file.models.enumerated() {
            let at = "models[\(index)]"
            if !seen.insert(model.id).inserted { fields["\(at).id"] = .duplicate("Another model in the file has this id.") }
            if model.status == .active, model.replacementModelID != nil {
                fields["\(at).replacement_model_id"] = FieldError(.onlyWhenDeprecated, "Only a deprecated model has a replacement.")
            }
            if model.replacementModelID == model.id {
                fields["\(at).replacement_model_id"] = FieldError(.selfReference, "A model cannot replace itself.")
            }
        }
        return fields
    }

    static func invalid(_ fields: [String: FieldError]) -> HangarError {
        let first = fields.keys.sorted().prefix(3).joined(separator: ", ")
        return HangarError(
            .unprocessable, code: .invalidImport,
            message:
                "The file has \(fields.count) invalid entr\(fields.count == 1 ? "y" : "ies") (\(first)\(fields.count > 3 ? ", …" : "")); nothing was imported. Fix them and try again.",
            fields: fields)
    }

    static func problems(of provider: ExportedProvider) -> [String: FieldError] {
        var fields = FieldRules.connectionProblems(
            name: provider.name, baseURL: provider.baseURL, apiVersion: provider.apiVersion, rpmLimit: provider.rpmLimit,
            tpmLimit: provider.tpmLimit, maxParallel: provider.maxParallel)
        fields["id"] = idProblem(provider.id)
        return fields
    }

    static func problems(of model: ExportedModel) -> [String: FieldError] {
        // Costs are exact decimals in a file, checked as such below.
        var fields = FieldRules.modelProblems(
            name: model.name, apiName: model.apiName, contextWindow: model.contextWindow, maxOutputTokens: model.maxOutputTokens,
            temperatureDefault: model.temperatureDefault, hfRepo: model.hfRepo, hfRevision: model.hfRevision,
            modelFile: model.modelFile)
        fields["id"] = idProblem(model.id)
        fields["cost_input_per_million"] = model.costInputPerMillion.flatMap(costProblem)
        fields["cost_output_per_million"] = model.costOutputPerMillion.flatMap(costProblem)
        fields["replacement_model_id"] = model.replacementModelID.flatMap(idProblem)
        return fields
    }

    static func idProblem(_ id: String) -> FieldError? {
        let message = "An id is 1 to 128 printable ASCII characters without spaces."
        if let length = FieldError.length(of: id, max: 128, message) { return length }
        return id.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) ? nil : FieldError(.notPrintableASCII, message)
    }

    /// The API's price rule, as the model forms apply it.
    static func costProblem(_ value: Decimal) -> FieldError? {
        // Compared as decimals: a double would round a price just past a bound back inside.
        if value < Decimal(FieldRules.costRange.lowerBound) {
            return FieldError(.tooSmall, FieldRules.costMessage, params: ["min": .number(FieldRules.costRange.lowerBound)])
        }
        if value > Decimal(FieldRules.costRange.upperBound) {
            return FieldError(.tooLarge, FieldRules.costMessage, params: ["max": .number(FieldRules.costRange.upperBound)])
        }
        return PriceRule.fitsPlaces(value) ? nil : PriceRule.placesProblem
    }
}
