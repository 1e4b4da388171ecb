import Gateway
import HangarCore
import HangarOpenAPI

extension HangarAPI {
    var keys: KeyService { live.gateway.keys }

    func listKeys(_ input: Operations.ListKeys.Input) async throws -> Operations.ListKeys.Output {
        .ok(.init(body: .json(.init(items: try await keys.keys()))))
    }

    func createKey(_ input: Operations.CreateKey.Input) async throws -> Operations.CreateKey.Output {
        guard case .json(let draft) = input.body else { throw RequestErrors.unsupportedBody }
        return .created(.init(body: .json(try await keys.create(draft))))
    }

    func getKey(_ input: Operations.GetKey.Input) async throws -> Operations.GetKey.Output {
        .ok(.init(body: .json(try await keys.key(id: input.path.id))))
    }

    func updateKey(_ input: Operations.UpdateKey.Input) async throws -> Operations.UpdateKey.Output {
        guard case .json(let patch) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await keys.update(id: input.path.id, patch))))
    }

    func revokeKey(_ input: Operations.RevokeKey.Input) async throws -> Operations.RevokeKey.Output {
        .ok(.init(body: .json(try await keys.revoke(id: input.path.id))))
    }
}
