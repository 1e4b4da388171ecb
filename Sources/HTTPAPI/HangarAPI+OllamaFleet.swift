import HangarCore
import HangarOpenAPI

/// The Ollama fleet: one model on many servers, the desired state, drift and reconcile.
extension HangarAPI {
    func ollamaFleetPull(_ input: Operations.OllamaFleetPull.Input) async throws -> Operations.OllamaFleetPull.Output {
        guard case .json(let request) = input.body else { throw RequestErrors.unsupportedBody }
        return .accepted(.init(body: .json(try await live.ollama.fleet(.pull, request, on: live.jobs))))
    }

    func ollamaFleetUpdate(_ input: Operations.OllamaFleetUpdate.Input) async throws -> Operations.OllamaFleetUpdate.Output {
        guard case .json(let request) = input.body else { throw RequestErrors.unsupportedBody }
        return .accepted(.init(body: .json(try await live.ollama.fleet(.update, request, on: live.jobs))))
    }

    func ollamaFleetDelete(_ input: Operations.OllamaFleetDelete.Input) async throws -> Operations.OllamaFleetDelete.Output {
        guard case .json(let request) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await live.ollama.fleet(.delete, request, on: live.jobs))))
    }

    func listOllamaDesired(_ input: Operations.ListOllamaDesired.Input) async throws -> Operations.ListOllamaDesired.Output {
        .ok(.init(body: .json(try await live.ollama.desired())))
    }

    func setOllamaDesired(_ input: Operations.SetOllamaDesired.Input) async throws -> Operations.SetOllamaDesired.Output {
        guard case .json(let request) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await live.ollama.setDesired(request))))
    }

    func getOllamaDrift(_ input: Operations.GetOllamaDrift.Input) async throws -> Operations.GetOllamaDrift.Output {
        .ok(.init(body: .json(try await live.ollama.drift())))
    }

    func reconcileOllama(_ input: Operations.ReconcileOllama.Input) async throws -> Operations.ReconcileOllama.Output {
        var request = OllamaReconcileRequest()
        if case .json(let body) = input.body { request = body }
        return .accepted(.init(body: .json(try await live.ollama.reconcile(request, on: live.jobs))))
    }
}
