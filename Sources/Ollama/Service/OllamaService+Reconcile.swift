import HangarCore
import Jobs

extension OllamaService {
    /// Brings servers to their pins: a missing model is deployed again from its local file
    /// when the catalog knows one (a model made with `deploy` is in no registry), else pulled;
    /// an outdated one is pulled; one nobody pinned there is deleted only when asked. An
    /// unreachable server gets no actions (the drift report says why).
    public func reconcile(_ request: OllamaReconcileRequest, on jobs: JobQueue) async throws -> OllamaReconcileResult {
        let drift = try await drift(providerIDs: request.providerIDs)
        let group = Self.newGroupID()
        let sources = try await deploySources()
        let deleteUnexpected = request.deleteUnexpected ?? false
        let reachable = drift.servers.filter(\.reachable)
        let perServer = await Self.eachInOrder(reachable.map(\.providerID)) { providerID in
            guard let server = reachable.first(where: { $0.providerID == providerID }) else { return [OllamaReconcileAction]() }
            return await self.reconcile(server, sources: sources, deleteUnexpected: deleteUnexpected, group: group, jobs: jobs)
        }
        return OllamaReconcileResult(groupID: group, actions: perServer.flatMap { $0 })
    }

    private func reconcile(
        _ server: OllamaServerDrift, sources: [(name: OllamaName, localModelID: String)], deleteUnexpected: Bool, group: String,
        jobs: JobQueue
    ) async -> [OllamaReconcileAction] {
        let providerID = server.providerID
        var actions: [OllamaReconcileAction] = []
        for model in server.missing {
            let name = try? OllamaName(model)
            if let name, let source = sources.first(where: { $0.name.sameModel(as: name) }) {
                actions.append(
                    await step(providerID, model, .deploy) {
                        let result = try await self.deploy(
                            modelID: source.localModelID, DeployRequest(providerIDs: [providerID], name: model), group: group, on: jobs)
                        return result.jobs.first?.jobID
                    })
            } else {
                actions.append(await pullStep(providerID, model, group: group, jobs: jobs))
            }
        }
        for model in server.outdated {
            actions.append(await pullStep(providerID, model, group: group, jobs: jobs))
        }
        if deleteUnexpected {
            for model in server.unexpected {
                actions.append(
                    await step(providerID, model, .delete) {
                        try await self.delete(providerID: providerID, model: model)
                        return nil
                    })
            }
        }
        return actions
    }

    private func pullStep(_ providerID: String, _ model: String, group: String, jobs: JobQueue) async -> OllamaReconcileAction {
        await step(providerID, model, .pull) {
            try await self.pull(providerID: providerID, model: model, group: group, on: jobs).job.id
        }
    }

    /// Runs one step: a job id means it was queued, none that it is done; an error fails it.
    private func step(
        _ providerID: String, _ model: String, _ action: OllamaReconcileKind, _ body: () async throws -> String?
    ) async -> OllamaReconcileAction {
        do {
            let jobID = try await body()
            return OllamaReconcileAction(
                providerID: providerID, model: model, action: action, status: jobID == nil ? .done : .queued, jobID: jobID)
        } catch {
            return OllamaReconcileAction(
                providerID: providerID, model: model, action: action, status: .failed, error: Self.fleetError(error))
        }
    }

    /// The Ollama names that a downloaded local model can be deployed as: the catalog models
    /// made by a deploy (`deployed_from`) whose local model still has its file.
    func deploySources() async throws -> [(name: OllamaName, localModelID: String)] {
        let links = try await database.read { sql in try await DeployedFromQueries.links(on: sql) }
        var sources: [(name: OllamaName, localModelID: String)] = []
        for link in links {
            guard let name = try? OllamaName(link.apiName),
                let local = try? await catalog.model(id: link.localModelID),
                local.kind == .local, local.downloaded == true, local.localPath != nil
            else { continue }
            sources.append((name, local.id))
        }
        return sources
    }
}
