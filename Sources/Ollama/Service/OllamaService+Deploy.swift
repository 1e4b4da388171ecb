import Foundation
import HangarCore
import Jobs
import LocalModels

/// What a deploy job needs to run, stored as its payload.
struct DeployPayload: Codable, Sendable {
    var modelID: String
    var providerID: String
    var name: String
    var template: String?
    var system: String?
    var parameters: [String: JSONValue]?
    /// The reconcile that started it, if any.
    var groupID: String?

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case providerID = "provider_id"
        case name, template, system, parameters
        case groupID = "group_id"
    }
}

extension OllamaService {
    public static let deployKind = "deploy"

    /// Checks the model and every server first, then enqueues one job per server (or returns
    /// the deploy of the same name already active there).
    public func deploy(modelID: String, _ request: DeployRequest, group: String? = nil, on jobs: JobQueue) async throws -> DeployResult {
        let model = try await catalog.model(id: modelID)
        guard model.kind == .local, let file = model.modelFile else {
            throw HangarError(
                .conflict, code: .notALocalModel,
                message: "'\(model.name)' is not a local model; only a downloaded GGUF file can be deployed.")
        }
        guard model.downloaded == true, model.localPath != nil else {
            throw HangarError(
                .conflict, code: .notDownloaded, message: "'\(model.name)' is not downloaded yet; download it, then deploy it.")
        }
        if GGUFFileName(file).parts != nil {
            throw HangarError(
                .conflict, code: .notApplicable,
                message:
                    "'\(model.name)' is split in parts, and Ollama makes a model from one GGUF file; merge the parts (llama-gguf-split --merge) and deploy that file."
            )
        }
        var fields: [String: FieldError] = [:]
        let providers = Array(NSOrderedSet(array: request.providerIDs)) as? [String] ?? request.providerIDs
        if providers.isEmpty || providers.count > 50 {
            fields["provider_ids"] = .invalid("Name 1 to 50 Ollama connections to deploy to.")
        }
        let name = try Self.name(request.name ?? Self.defaultName(file: file), field: "name")
        for (key, text) in [("template", request.template), ("system", request.system)] where (text?.utf8.count ?? 0) > 65_536 {
            fields[key] = .tooLong(max: 65_536, "At most 64 KiB.")
        }
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        for providerID in providers { _ = try await server(of: providerID) }
        var started: [DeployJob] = []
        for providerID in providers {
            let payload = DeployPayload(
                modelID: model.id, providerID: providerID, name: name.raw, template: request.template, system: request.system,
                parameters: request.parameters, groupID: group)
            let (job, _) = try await jobs.enqueue(
                kind: Self.deployKind, target: Self.pullTarget(providerID: providerID, name: name),
                payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
            started.append(DeployJob(providerID: providerID, jobID: job.id))
        }
        return DeployResult(modelID: model.id, name: name.raw, jobs: started)
    }

    /// `Qwen3-0.6B-Q4_0.gguf` → `qwen3-0.6b-q4_0`: the file's name without extension, in the
    /// characters an Ollama model name allows.
    static func defaultName(file: String) -> String {
        var stem = (file.split(separator: "/").last.map(String.init) ?? file).lowercased()
        if stem.hasSuffix(".gguf") { stem.removeLast(5) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        var name = String(stem.map { allowed.contains($0) ? $0 : "-" })
        while let first = name.first, first == "." || first == "-" { name.removeFirst() }
        return String((name.isEmpty ? "model" : name).prefix(80))
    }
}
