import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func listOllamaModels(_ input: Operations.ListOllamaModels.Input) async throws -> Operations.ListOllamaModels.Output {
        .ok(.init(body: .json(try await live.ollama.models(providerID: input.path.id, refresh: input.query.refresh ?? false))))
    }

    func showOllamaModel(_ input: Operations.ShowOllamaModel.Input) async throws -> Operations.ShowOllamaModel.Output {
        .ok(.init(body: .json(try await live.ollama.show(providerID: input.path.id, model: input.query.model))))
    }

    func deleteOllamaModel(_ input: Operations.DeleteOllamaModel.Input) async throws -> Operations.DeleteOllamaModel.Output {
        try await live.ollama.delete(providerID: input.path.id, model: input.query.model)
        return .noContent(.init())
    }

    func pullOllamaModel(_ input: Operations.PullOllamaModel.Input) async throws -> Operations.PullOllamaModel.Output {
        guard case .json(let request) = input.body else {
            throw HangarError.badRequest("Send the model as JSON: {\"model\": \"llama3.2\"}.")
        }
        let (job, _) = try await live.ollama.pull(providerID: input.path.id, model: request.model, on: live.jobs)
        return .accepted(.init(body: .json(job)))
    }

    func copyOllamaModel(_ input: Operations.CopyOllamaModel.Input) async throws -> Operations.CopyOllamaModel.Output {
        guard case .json(let request) = input.body else { throw HangarError.badRequest("Send {\"source\", \"destination\"} as JSON.") }
        try await live.ollama.copy(providerID: input.path.id, request)
        return .noContent(.init())
    }

    func listOllamaRunning(_ input: Operations.ListOllamaRunning.Input) async throws -> Operations.ListOllamaRunning.Output {
        .ok(.init(body: .json(try await live.ollama.running(providerID: input.path.id))))
    }

    func loadOllamaModel(_ input: Operations.LoadOllamaModel.Input) async throws -> Operations.LoadOllamaModel.Output {
        guard case .json(let request) = input.body else {
            throw HangarError.badRequest("Send the model as JSON: {\"model\": \"llama3.2\"}.")
        }
        return .ok(.init(body: .json(try await live.ollama.load(providerID: input.path.id, request))))
    }

    func ejectOllamaModel(_ input: Operations.EjectOllamaModel.Input) async throws -> Operations.EjectOllamaModel.Output {
        guard case .json(let request) = input.body else {
            throw HangarError.badRequest("Send the model as JSON: {\"model\": \"llama3.2\"}.")
        }
        return .ok(.init(body: .json(try await live.ollama.eject(providerID: input.path.id, request))))
    }

    func checkOllamaUpdates(_ input: Operations.CheckOllamaUpdates.Input) async throws -> Operations.CheckOllamaUpdates.Output {
        let (job, _) = try await live.ollama.checkUpdates(providerID: input.path.id, on: live.jobs)
        return .accepted(.init(body: .json(job)))
    }

    func listOllamaCatalog(_ input: Operations.ListOllamaCatalog.Input) async throws -> Operations.ListOllamaCatalog.Output {
        .ok(.init(body: .json(try await live.ollama.catalogModels(providerID: input.path.id))))
    }

    func searchOllamaLibrary(_ input: Operations.SearchOllamaLibrary.Input) async throws -> Operations.SearchOllamaLibrary.Output {
        _ = try await live.ollama.server(of: input.path.id)
        return .ok(.init(body: .json(try await live.ollama.library.search(input.query.q ?? ""))))
    }

    func listOllamaVariants(_ input: Operations.ListOllamaVariants.Input) async throws -> Operations.ListOllamaVariants.Output {
        _ = try await live.ollama.server(of: input.path.id)
        return .ok(.init(body: .json(try await live.ollama.library.variants(of: input.query.model))))
    }
}

extension HangarAPI {
    func deployModel(_ input: Operations.DeployModel.Input) async throws -> Operations.DeployModel.Output {
        guard case .json(let request) = input.body else { throw RequestErrors.unsupportedBody }
        return .accepted(.init(body: .json(try await live.ollama.deploy(modelID: input.path.id, request, on: live.jobs))))
    }
}

extension HangarAPI {
    func getModelRuntime(_ input: Operations.GetModelRuntime.Input) async throws -> Operations.GetModelRuntime.Output {
        .ok(.init(body: .json(try await live.ollama.runtime(modelID: input.path.id))))
    }

    func startModel(_ input: Operations.StartModel.Input) async throws -> Operations.StartModel.Output {
        var request = StartModelRequest()
        if case .json(let body) = input.body { request = body }
        return .accepted(.init(body: .json(try await live.ollama.start(modelID: input.path.id, request, on: live.jobs))))
    }

    func stopModel(_ input: Operations.StopModel.Input) async throws -> Operations.StopModel.Output {
        var request = StopModelRequest()
        if case .json(let body) = input.body { request = body }
        return .ok(.init(body: .json(try await live.ollama.stop(modelID: input.path.id, request))))
    }

    func listOllamaRuntime(_ input: Operations.ListOllamaRuntime.Input) async throws -> Operations.ListOllamaRuntime.Output {
        .ok(.init(body: .json(RuntimeStateList(items: try await live.ollama.runtime.all()))))
    }
}
