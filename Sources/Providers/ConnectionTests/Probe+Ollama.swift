import Foundation
import Upstream

extension Probe {
    /// Ollama: `GET /api/version` (reachability), `GET /api/tags` (model listing), then
    /// optionally a one-token `POST /api/generate`. Ollama has no keys; one is sent as Bearer
    /// only for a proxy in front of it.
    func ollama(_ base: Endpoint, key: String?, completionModel: String?) async throws(ConnectionFailure)
        -> ConnectionFindings
    {
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
        let hint = "Is this an Ollama server? Check the base URL (Ollama listens on port 11434 by default)."
        let version = try await fetch(
            Call(
                request: UpstreamRequest(url: base.url(["api", "version"]), headers: headers),
                stage: .reachability, authStage: .authentication, purpose: "the version request", notFoundHint: hint),
            as: OllamaVersion.self, networkStage: .reachability)
        let tags = try await fetch(
            Call(
                request: UpstreamRequest(url: base.url(["api", "tags"]), headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the model list", notFoundHint: hint),
            as: OllamaTags.self, networkStage: .modelListing)
        var findings = ConnectionFindings(
            stage: .modelListing, modelsFound: tags.models.count, serverVersion: version.version)
        guard let model = completionModel else { return findings }

        headers.add(name: "Content-Type", value: "application/json")
        let body = try? JSONSerialization.data(
            withJSONObject: ["model": model, "prompt": "ping", "stream": false, "options": ["num_predict": 1]] as [String: Any],
            options: [.sortedKeys])
        _ = try await fetch(
            Call(
                request: UpstreamRequest(method: .post, url: base.url(["api", "generate"]), headers: headers, body: body.map(Array.init)),
                stage: .completion, authStage: .completion, purpose: "a completion with \"\(model)\"",
                notFoundHint: "The model is not on this Ollama server: pull it first, or check its name."),
            as: OllamaGeneration.self, networkStage: .completion)
        findings.stage = .completion
        findings.modelTested = model
        return findings
    }
}
