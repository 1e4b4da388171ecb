import Foundation
import HangarCore
import Upstream

/// The API Mistral, OpenAI and OpenAI-compatible servers share: `GET /v1/models` and
/// `POST /v1/chat/completions` with a Bearer key, the base URL given with or without `/v1`.
protocol OpenAIStyleAPI: ProviderAPI {}

extension OpenAIStyleAPI {
    var family: CompletionCall.Family { .openAI }

    func relayURL(_ operation: RelayOperation, at base: Endpoint, model: String, apiVersion: String) -> String {
        base.trimming(pathSuffix: "/v1").url(["v1"] + operation.pathSegments)
    }

    func probe(_ probe: Probe, at base: Endpoint, key: String?, apiVersion: String, completionModel: String?)
        async throws(ConnectionFailure) -> ConnectionFindings
    {
        let root = base.trimming(pathSuffix: "/v1")
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        authorize(&headers, key: key)
        let list = try await modelList(probe, root: root, headers: headers)
        let findings = ConnectionFindings(stage: .modelListing, modelsFound: list.data.count, modelIDs: list.data.map(\.id))
        guard let model = completionModel else { return findings }
        headers.add(name: "Content-Type", value: "application/json")
        let body = Self.json(["model": model, "messages": [["role": "user", "content": "ping"]], "max_tokens": 1])
        return try await probe.complete(
            findings, model: model, purpose: "a completion with \"\(model)\"",
            notFoundHint: "Check the model's API name: it must be one the model list shows.",
            request: UpstreamRequest(method: .post, url: root.url(["v1", "chat", "completions"]), headers: headers, body: body),
            as: ChatCompletion.self)
    }

    /// `GET {root}/v1/models`.
    func listModels(_ probe: Probe, at base: Endpoint, key: String?) async throws(ConnectionFailure) -> [ListedModel] {
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        authorize(&headers, key: key)
        let list = try await modelList(probe, root: base.trimming(pathSuffix: "/v1"), headers: headers)
        return list.data.map { ListedModel(id: $0.id, ownedBy: $0.ownedBy) }
    }

    private func modelList(_ probe: Probe, root: Endpoint, headers: UpstreamHeaders) async throws(ConnectionFailure)
        -> OpenAIModelList
    {
        let hint = "Check the base URL: it should be the API root, such as \(root.origin) (with or without /v1)."
        return try await probe.fetch(
            Probe.Call(
                request: UpstreamRequest(url: root.url(["v1", "models"]), headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the model list", notFoundHint: hint),
            as: OpenAIModelList.self, networkStage: .reachability)
    }

    func completionRequest(_ request: CompletionRequest, at base: Endpoint, model: String, key: String?, apiVersion: String)
        -> UpstreamRequest
    {
        var headers: UpstreamHeaders = ["Accept": "application/json", "Content-Type": "application/json"]
        authorize(&headers, key: key)
        return UpstreamRequest(
            method: .post, url: base.trimming(pathSuffix: "/v1").url(["v1", "chat", "completions"]), headers: headers,
            body: WireBody.chat(request, model: model))
    }
}
