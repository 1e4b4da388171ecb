import Foundation
import HangarCore
import Jobs

/// What a pull job needs to run, stored as its payload.
struct PullPayload: Codable, Sendable {
    var providerID: String
    var model: String
    /// The group action (fleet pull or update, reconcile) that started it, if any.
    var groupID: String?

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case model
        case groupID = "group_id"
    }
}

extension OllamaService {
    /// `ollama:<provider>:<name>`, with the name as Ollama lists it, lowercased, so that
    /// `llama3.2` and `Llama3.2:latest` are one pull.
    public static func pullTarget(providerID: String, name: OllamaName) -> String {
        JobTarget.ollama(providerID: providerID, model: name.shortest.lowercased()).string
    }

    public static func checkTarget(providerID: String) -> String {
        JobTarget.ollama(providerID: providerID, model: nil).string
    }

    /// Enqueues a pull, or returns the pull of the same model on the same server already active.
    /// An active pull keeps the payload (and so the group) it started with.
    public func pull(providerID: String, model: String, group: String? = nil, on jobs: JobQueue) async throws -> (job: Job, created: Bool) {
        let name = try Self.name(model)
        _ = try await server(of: providerID)
        let payload = String(
            decoding: try JSONEncoder().encode(PullPayload(providerID: providerID, model: name.raw, groupID: group)), as: UTF8.self)
        return try await jobs.enqueue(kind: Self.pullKind, target: Self.pullTarget(providerID: providerID, name: name), payload: payload)
    }

    /// Enqueues an update check of every model of the server, or returns the active one.
    public func checkUpdates(providerID: String, on jobs: JobQueue) async throws -> (job: Job, created: Bool) {
        _ = try await server(of: providerID)
        return try await jobs.enqueue(kind: Self.checkUpdatesKind, target: Self.checkTarget(providerID: providerID))
    }

    static func providerID(ofCheckTarget target: String) -> String? {
        JobTarget(target)?.providerID
    }

    /// Runs the checks and stores them; progress is the number of models checked. Returns the
    /// checks by model name.
    @discardableResult
    func runUpdateCheck(providerID: String, report: @Sendable (Int, Int) async -> Void) async throws -> [String: OllamaUpdateCheck] {
        let models = try await self.models(providerID: providerID, refresh: true).models
        var checks: [String: OllamaUpdateCheck] = [:]
        await report(0, models.count)
        for (index, model) in models.enumerated() {
            try Task.checkCancellation()
            checks[model.name] = await registry.check(name: model.name, localDigest: model.digest, now: Timestamp.now())
            await report(index + 1, models.count)
        }
        let results = checks
        try await database.write { sql in try await UpdateCheckQueries.replace(providerID: providerID, with: results, on: sql) }
        return results
    }
}
