import Catalog
import HangarCore

/// Each mutation is one call of the service REST uses, so it validates the same way and a
/// failing one changes nothing. Keys never reach here (`GraphQLService` refuses their
/// mutations before anything runs); the check is repeated so no path can skip it.
extension GraphQLResolver {
    func createLlmModel(context: GraphQLContext, arguments: CreateModelArguments) async throws -> LlmModel {
        try context.requireAdmin()
        return LlmModel(try await downloads.createModel(arguments.input.draft))
    }

    func updateLlmModel(context: GraphQLContext, arguments: UpdateModelArguments) async throws -> LlmModel {
        try context.requireAdmin()
        return LlmModel(try await catalog.updateModel(id: arguments.id.value, try arguments.input.patch()))
    }

    func deprecateLlmModel(context: GraphQLContext, arguments: DeprecateModelArguments) async throws -> LlmModel {
        try context.requireAdmin()
        return LlmModel(try await catalog.deprecateModel(id: arguments.id.value, replacementID: arguments.replacementId?.value))
    }

    func restoreLlmModel(context: GraphQLContext, arguments: IDArguments) async throws -> LlmModel {
        try context.requireAdmin()
        return LlmModel(try await catalog.restoreModel(id: arguments.id.value))
    }

    /// Without `purpose`, the model becomes its connection's default (REST's
    /// `POST /api/models/{id}/set-default`); with one, the system default for that purpose
    /// (the `default_models` setting).
    func setDefaultModel(context: GraphQLContext, arguments: SetDefaultArguments) async throws -> LlmModel {
        try context.requireAdmin()
        let id = arguments.id.value
        guard let purpose = arguments.purpose else { return LlmModel(try await catalog.setDefaultModel(id: id)) }
        _ = try await settings.update(SettingsPatch(defaultModels: DefaultModelsPatch([purpose.core: .set(id)])))
        return LlmModel(try await catalog.model(id: id))
    }

    /// Answers the model as it was just before it was deleted.
    func deleteLlmModel(context: GraphQLContext, arguments: DeleteModelArguments) async throws -> LlmModel {
        try context.requireAdmin()
        let model = try await catalog.model(id: arguments.id.value)
        try await downloads.deleteModel(id: model.id, deleteLocalFile: arguments.deleteLocalFile ?? false)
        return LlmModel(model)
    }

    func updateSystemSetting(context: GraphQLContext, arguments: SettingArguments) async throws -> SystemSetting {
        try context.requireAdmin()
        let updated = try await settings.update(try SystemSetting.patch(key: arguments.key, value: arguments.value))
        return try SystemSetting.all(updated).first { $0.key == arguments.key } ?? SystemSetting(key: arguments.key, value: .null)
    }
}

extension GraphQLContext {
    func requireAdmin() throws {
        if case .key = caller { throw GraphQLCaller.readOnly }
    }
}
