import HangarCore
import Jobs

extension OllamaService {
    /// One model, many servers: every server is checked first (an unknown, disabled or
    /// non-Ollama connection refuses the whole request), then each gets its own line, and one
    /// server's failure never stops the others.
    public func fleet(_ action: OllamaFleetAction, _ request: OllamaFleetRequest, on jobs: JobQueue) async throws -> OllamaFleetResult {
        let name = try Self.name(request.model)
        let providers = try await checkedServers(request.providerIDs)
        let group = Self.newGroupID()
        let lines = await Self.eachInOrder(providers) { providerID in
            await self.fleetLine(action, name: name, providerID: providerID, group: group, jobs: jobs)
        }
        return OllamaFleetResult(action: action, model: name.raw, groupID: group, servers: lines)
    }

    /// 1–50 distinct enabled Ollama connections, or the error of the first that is not one.
    func checkedServers(_ ids: [String]) async throws -> [String] {
        let providers = Self.distinct(ids)
        guard (1...Self.maxFleetServers).contains(providers.count) else {
            throw HangarError.validation(["provider_ids": .invalid("Name 1 to \(Self.maxFleetServers) Ollama connections.")])
        }
        for providerID in providers { _ = try await server(of: providerID) }
        return providers
    }

    private func fleetLine(
        _ action: OllamaFleetAction, name: OllamaName, providerID: String, group: String, jobs: JobQueue
    ) async -> OllamaFleetLine {
        do {
            switch action {
            case .pull:
                let (job, _) = try await pull(providerID: providerID, model: name.raw, group: group, on: jobs)
                return OllamaFleetLine(providerID: providerID, status: .queued, jobID: job.id)
            case .update:
                let installed = try await models(providerID: providerID, refresh: true).models
                guard installed.contains(where: { (try? OllamaName($0.name))?.sameModel(as: name) == true }) else {
                    let provider = try await catalog.provider(id: providerID)
                    let error = OllamaFleetError(
                        code: .ollamaModelNotFound,
                        message: "'\(name.raw)' is not installed on '\(provider.name)'; an update only pulls a model a server has.")
                    return OllamaFleetLine(providerID: providerID, status: .skipped, error: error)
                }
                let (job, _) = try await pull(providerID: providerID, model: name.raw, group: group, on: jobs)
                return OllamaFleetLine(providerID: providerID, status: .queued, jobID: job.id)
            case .delete:
                try await delete(providerID: providerID, model: name.raw)
                return OllamaFleetLine(providerID: providerID, status: .done)
            }
        } catch {
            return OllamaFleetLine(providerID: providerID, status: .failed, error: Self.fleetError(error))
        }
    }

    static func fleetError(_ error: any Error) -> OllamaFleetError {
        if let error = error as? HangarError { return OllamaFleetError(error) }
        return OllamaFleetError(code: .internalError, message: "Unexpected failure: \(String(describing: error).prefix(300))")
    }

    /// Runs `body` for every id at once (a slow or unreachable server delays only its own
    /// line) and returns the answers in the order of `ids`.
    static func eachInOrder<T: Sendable>(_ ids: [String], _ body: @escaping @Sendable (String) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            for (index, id) in ids.enumerated() {
                group.addTask { (index, await body(id)) }
            }
            var answers: [(Int, T)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
