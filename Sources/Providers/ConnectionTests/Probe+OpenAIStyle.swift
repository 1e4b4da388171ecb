import Foundation
import Upstream

extension Probe {
    /// Mistral, OpenAI and OpenAI-compatible servers: `GET /v1/models` with a Bearer key, then
    /// optionally a one-token chat completion.
    func openAIStyle(_ base: Endpoint, key: String?, completionModel: String?) async throws(ConnectionFailure)
        -> ConnectionFindings
    {
        let root = base.trimming(pathSuffix: "/v1")
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
        let hint = "Check the base URL: it should be the API root, such as \(root.origin) (with or without /v1)."
        let list = try await fetch(
            Call(
                request: UpstreamRequest(url: root.url(["v1", "models"]), headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the model list", notFoundHint: hint),
            as: OpenAIModelList.self, networkStage: .reachability)
        var findings = ConnectionFindings(stage: .modelListing, modelsFound: list.data.count)
        guard let model = completionModel else { return findings }

        headers.add(name: "Content-Type", value: "application/json")
        let body = try? JSONSerialization.data(
            withJSONObject: ["model": model, "messages": [["role": "user", "content": "ping"]], "max_tokens": 1] as [String: Any],
            options: [.sortedKeys])
        _ = try await fetch(
            Call(
                request: UpstreamRequest(
                    method: .post, url: root.url(["v1", "chat", "completions"]), headers: headers,
                    body: body.map(Array.init)),
                stage: .completion, authStage: .completion, purpose: "a completion with \"\(model)\"",
                notFoundHint: "Check the model's API name: it must be one the model list shows."),
            as: ChatCompletion.self, networkStage: .completion)
        findings.stage = .completion
        findings.modelTested = model
        return findings
    }
}
