import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func listProviders(_ input: Operations.ListProviders.Input) async throws -> Operations.ListProviders.Output {
        .ok(.init(body: .json(.init(items: try await catalog.providers()))))
    }

    func getProvider(_ input: Operations.GetProvider.Input) async throws -> Operations.GetProvider.Output {
        .ok(.init(body: .json(try await catalog.provider(id: input.path.id))))
    }

    func updateProvider(_ input: Operations.UpdateProvider.Input) async throws -> Operations.UpdateProvider.Output {
        guard case .json(let patch) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await catalog.updateProvider(id: input.path.id, patch))))
    }
}

extension HangarAPI {
    func createProvider(_ input: Operations.CreateProvider.Input) async throws -> Operations.CreateProvider.Output {
        guard case .json(let draft) = input.body else { throw RequestErrors.unsupportedBody }
        return .created(.init(body: .json(try await catalog.createProvider(draft))))
    }

    func deleteProvider(_ input: Operations.DeleteProvider.Input) async throws -> Operations.DeleteProvider.Output {
        try await catalog.deleteProvider(id: input.path.id, cascade: input.query.cascade ?? false)
        return .noContent(.init())
    }

    func testProvider(_ input: Operations.TestProvider.Input) async throws -> Operations.TestProvider.Output {
        var options = ConnectionTestOptions()
        if case .json(let body) = input.body { options = body }
        return .ok(.init(body: .json(try await connectionTests.test(providerID: input.path.id, options: options))))
    }

    func testUnsavedProvider(_ input: Operations.TestUnsavedProvider.Input) async throws -> Operations.TestUnsavedProvider.Output {
        guard case .json(let form) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await connectionTests.test(form: form))))
    }
}
