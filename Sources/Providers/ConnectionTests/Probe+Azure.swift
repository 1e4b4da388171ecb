import Foundation
import Upstream

extension Probe {
    /// Azure OpenAI: `GET {endpoint}/openai/models?api-version=…` with an `api-key` header, then
    /// optionally a one-token completion on a deployment.
    func azure(_ base: Endpoint, key: String?, apiVersion: String, deployment: String?) async throws(ConnectionFailure)
        -> ConnectionFindings
    {
        let root = base.trimming(pathSuffix: "/openai")
        let version = [URLQueryItem(name: "api-version", value: apiVersion)]
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        if let key { headers.add(name: "api-key", value: key) }
        let list = try await fetch(
            Call(
                request: UpstreamRequest(url: root.url(["openai", "models"], query: version), headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the model list",
                notFoundHint: "Check the endpoint (https://<resource>.openai.azure.com) and the API version (\(apiVersion))."),
            as: OpenAIModelList.self, networkStage: .reachability)
        var findings = ConnectionFindings(stage: .modelListing, modelsFound: list.data.count)
        guard let deployment else { return findings }

        headers.add(name: "Content-Type", value: "application/json")
        let body = try? JSONSerialization.data(
            withJSONObject: ["messages": [["role": "user", "content": "ping"]], "max_tokens": 1] as [String: Any],
            options: [.sortedKeys])
        _ = try await fetch(
            Call(
                request: UpstreamRequest(
                    method: .post, url: root.url(["openai", "deployments", deployment, "chat", "completions"], query: version),
                    headers: headers, body: body.map(Array.init)),
                stage: .completion, authStage: .completion, purpose: "a completion on deployment \"\(deployment)\"",
                notFoundHint: "Check the deployment name: it is the name given in Azure AI Foundry, not the model's."),
            as: ChatCompletion.self, networkStage: .completion)
        findings.stage = .completion
        findings.modelTested = deployment
        return findings
    }
}
