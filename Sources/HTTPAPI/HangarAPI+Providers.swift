import HangarCore

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
