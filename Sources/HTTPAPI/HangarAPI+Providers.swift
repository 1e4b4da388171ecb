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
        let provider = try await catalog.updateProvider(id: input.path.id, patch)
        await live.catalogEvents.provider(provider, .updated)
        return .ok(.init(body: .json(provider)))
    }
}

extension HangarAPI {
    func createProvider(_ input: Operations.CreateProvider.Input) async throws -> Operations.CreateProvider.Output {
        guard case .json(let draft) = input.body else { throw RequestErrors.unsupportedBody }
        let provider = try await catalog.createProvider(draft)
        await live.catalogEvents.provider(provider, .created)
        return .created(.init(body: .json(provider)))
    }

    func deleteProvider(_ input: Operations.DeleteProvider.Input) async throws -> Operations.DeleteProvider.Output {
        try await catalog.deleteProvider(id: input.path.id, cascade: input.query.cascade ?? false)
        await live.catalogEvents.providerDeleted(id: input.path.id)
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
