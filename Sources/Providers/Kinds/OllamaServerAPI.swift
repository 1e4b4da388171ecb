import Foundation
import HangarCore
import Upstream

/// An Ollama server: `/api/version`, `/api/tags`, `/api/generate` and `/api/chat`. Ollama has
/// no keys; one is sent as Bearer only for a proxy in front of it.
struct OllamaServerAPI: ProviderAPI {
    let name = "the Ollama server"
    let apiName = "the Ollama API"
    let defaultBaseURL: String? = nil
    let baseURLExample = "http://localhost:11434"
    var family: CompletionCall.Family { .ollama }

    func unauthorizedAdvice(hasKey: Bool) -> String {
        "Ollama has no keys of its own, so a proxy in front of it is asking: set the key that proxy expects as this connection's API key."
    }

    func probe(_ probe: Probe, at base: Endpoint, key: String?, apiVersion: String, completionModel: String?)
        async throws(ConnectionFailure) -> ConnectionFindings
    {
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        authorize(&headers, key: key)
        let hint = "Is this an Ollama server? Check the base URL (Ollama listens on port 11434 by default)."
        let version = try await probe.fetch(
            Probe.Call(
                request: UpstreamRequest(url: base.url(["api", "version"]), headers: headers),
                stage: .reachability, authStage: .authentication, purpose: "the version request", notFoundHint: hint),
            as: OllamaVersion.self, networkStage: .reachability)
        let tags = try await tags(probe, at: base, headers: headers, networkStage: .modelListing)
        let findings = ConnectionFindings(
            stage: .modelListing, modelsFound: tags.models.count, modelIDs: tags.models.map(\.name), serverVersion: version.version)
        guard let model = completionModel else { return findings }
        headers.add(name: "Content-Type", value: "application/json")
        let body = Self.json(["model": model, "prompt": "ping", "stream": false, "options": ["num_predict": 1]])
        return try await probe.complete(
            findings, model: model, purpose: "a completion with \"\(model)\"",
            notFoundHint: "The model is not on this Ollama server: pull it first, or check its name.",
            request: UpstreamRequest(method: .post, url: base.url(["api", "generate"]), headers: headers, body: body),
            as: OllamaGeneration.self)
    }

    /// `GET /api/tags`: the models pulled on the server.
    func listModels(_ probe: Probe, at base: Endpoint, key: String?) async throws(ConnectionFailure) -> [ListedModel] {
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        authorize(&headers, key: key)
        return try await tags(probe, at: base, headers: headers, networkStage: .reachability).models.map {
            ListedModel(id: $0.name, sizeBytes: $0.size)
        }
    }

    private func tags(_ probe: Probe, at base: Endpoint, headers: UpstreamHeaders, networkStage: ConnectionStage)
        async throws(ConnectionFailure) -> OllamaTags
    {
        try await probe.fetch(
            Probe.Call(
                request: UpstreamRequest(url: base.url(["api", "tags"]), headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the model list",
                notFoundHint: "Is this an Ollama server? Check the base URL (Ollama listens on port 11434 by default)."),
            as: OllamaTags.self, networkStage: networkStage)
    }

    /// Ollama's OpenAI compatibility, beside its own API.
    func relayURL(_ operation: RelayOperation, at base: Endpoint, model: String, apiVersion: String) -> String {
        base.trimming(pathSuffix: "/v1").url(["v1"] + operation.pathSegments)
    }

    func completionRequest(_ request: CompletionRequest, at base: Endpoint, model: String, key: String?, apiVersion: String)
        -> UpstreamRequest
    {
        var headers: UpstreamHeaders = ["Accept": "application/json", "Content-Type": "application/json"]
        authorize(&headers, key: key)
        return UpstreamRequest(
            method: .post, url: base.url(["api", "chat"]), headers: headers, body: WireBody.ollamaChat(request, model: model))
    }
}
