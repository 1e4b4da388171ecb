import Foundation
import HangarCore
import Jobs

/// What a start job needs to run, stored as its payload.
struct StartPayload: Codable, Sendable {
    var providerID: String
    var name: String
    var keepAlive: String

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case name
        case keepAlive = "keep_alive"
    }
}

extension OllamaService {
    public static let startKind = "start"

    /// The model on each server, with its last known state.
    public func runtime(modelID: String) async throws -> ModelRuntime {
        let placements = try await placements(of: modelID)
        let rows = try await database.read { sql in try await RuntimeQueries.all(on: sql) }
        let states = Dictionary(rows.map { ("\($0.state.providerID)/\($0.state.name)", $0.state) }, uniquingKeysWith: { a, _ in a })
        return ModelRuntime(
            modelID: modelID,
            servers: placements.map { placement in
                RuntimeServer(
                    providerID: placement.providerID, providerName: placement.providerName, modelID: placement.modelID,
                    name: placement.key, state: states["\(placement.providerID)/\(placement.key)"])
            })
    }

    /// Loads the model on the chosen servers, one start job each; they are `loading` until
    /// their job ends.
    public func start(modelID: String, _ request: StartModelRequest, on jobs: JobQueue) async throws -> ModelRuntime {
        let placements = try await placements(of: modelID)
        let chosen = try await choose(request.providerIDs, among: placements)
        let keepAlive: String
        if let asked = request.keepAlive {
            guard OllamaKeepAlive.isValid(asked) else {
                throw HangarError.validation(["keep_alive": .invalidFormat(example: "5m", OllamaKeepAlive.rule)])
            }
            keepAlive = asked
        } else {
            keepAlive = await settings.system?().ollamaKeepAlive ?? "5m"
        }
        for placement in chosen { _ = try await server(of: placement.providerID) }
        var started: [String: String] = [:]
        for placement in chosen {
            // Before the job exists: set after it, `loading` could overwrite what a fast job found.
            try await runtime.set(providerID: placement.providerID, name: placement.apiName, .loading)
            let payload = StartPayload(providerID: placement.providerID, name: placement.apiName, keepAlive: keepAlive)
            let (job, _) = try await jobs.enqueue(
                kind: Self.startKind, target: Self.pullTarget(providerID: placement.providerID, name: try Self.name(placement.apiName)),
                payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
            started[placement.providerID] = job.id
        }
        // Each started server names its job, also where a fast job has already ended (its
        // status then says how); `updated_at` orders this answer against the events.
        var answer = try await runtime(modelID: modelID)
        for index in answer.servers.indices {
            if let jobID = started[answer.servers[index].providerID] { answer.servers[index].jobID = jobID }
        }
        return answer
    }

    /// Unloads the model from the chosen servers. A server that fails is in `error` with its
    /// reason while the others stop; only when every one fails is the call an error.
    public func stop(modelID: String, _ request: StopModelRequest) async throws -> ModelRuntime {
        let placements = try await placements(of: modelID)
        let chosen = try await choose(request.providerIDs, among: placements)
        var failures: [any Error] = []
        for placement in chosen {
            do {
                if request.force == true {
                    _ = try await eject(providerID: placement.providerID, OllamaEjectRequest(model: placement.apiName, force: true))
                } else {
                    try await server(of: placement.providerID).unload(try Self.name(placement.apiName))
                }
                try await runtime.set(providerID: placement.providerID, name: placement.apiName, .stopped)
            } catch {
                failures.append(error)
                let message = (error as? HangarError)?.message ?? "The server did not unload it: \(error)"
                try await runtime.set(providerID: placement.providerID, name: placement.apiName, .error, message: message, cause: "start")
            }
        }
        if failures.count == chosen.count, let first = failures.first { throw first }
        return try await runtime(modelID: modelID)
    }

    /// Where the model runs: for a model on an Ollama connection, that server; for a local
    /// model, the models deployed from it.
    func placements(of modelID: String) async throws -> [RuntimeQueries.Placement] {
        let model = try await catalog.model(id: modelID)
        let all = try await database.read { sql in try await RuntimeQueries.placements(on: sql) }
        if let own = all.first(where: { $0.modelID == model.id }) { return [own] }
        let deployed = all.filter { $0.deployedFrom == model.id }
        guard !deployed.isEmpty else {
            throw HangarError(
                .conflict, code: .notApplicable,
                message: model.kind == .local
                    ? "'\(model.name)' is not on any Ollama server yet; deploy it first, then start it."
                    : "'\(model.name)' is not served by Ollama; only models on Ollama servers can be started and stopped.")
        }
        return deployed
    }

    /// The servers a start or stop acts on: the ones named (each must hold the model), else
    /// every enabled one.
    func choose(_ providerIDs: [String]?, among placements: [RuntimeQueries.Placement]) async throws -> [RuntimeQueries.Placement] {
        guard let providerIDs else {
            let enabled = placements.filter(\.enabled)
            guard !enabled.isEmpty else {
                throw HangarError(
                    .conflict, code: .providerDisabled,
                    message: "Every Ollama connection that has this model is disabled; enable one to start or stop it there.")
            }
            return enabled
        }
        let unique = providerIDs.reduce(into: [String]()) { list, id in if !list.contains(id) { list.append(id) } }
        guard (1...50).contains(unique.count) else {
            throw HangarError.validation(["provider_ids": .invalid("Name 1 to 50 Ollama connections, or leave provider_ids out for all.")])
        }
        for id in unique where !placements.contains(where: { $0.providerID == id }) {
            // 404 for a connection that does not exist; one that exists lacks this model.
            let provider = try await catalog.provider(id: id)
            throw HangarError(
                .conflict, code: .notApplicable,
                message: "The model is not on '\(provider.name)'; deploy or pull it there first, or choose among its servers.",
                fields: ["provider_ids": .invalid("'\(provider.name)' does not have this model.")])
        }
        return unique.compactMap { id in placements.first { $0.providerID == id } }
    }
}
