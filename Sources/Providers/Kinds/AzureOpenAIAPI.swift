import Foundation
import HangarCore
import Upstream

/// Azure OpenAI: a resource endpoint, an `api-key` header, an `api-version` on every call, and
/// deployments (named by the admin) in place of model names.
struct AzureOpenAIAPI: ProviderAPI {
    let name = "Azure OpenAI"
    let apiName = "the Azure OpenAI API"
    let defaultBaseURL: String? = nil
    let baseURLExample = "https://<resource>.openai.azure.com"
    var family: CompletionCall.Family { .azure }

    func unauthorizedAdvice(hasKey: Bool) -> String {
        hasKey
            ? "Check the API key of this connection: it must be one of the two keys of this Azure OpenAI resource."
            : "This connection has no API key: add one."
    }

    func authorize(_ headers: inout UpstreamHeaders, key: String?) {
        if let key { headers.add(name: "api-key", value: key) }
    }

    /// `GET {endpoint}/openai/models?api-version=…`, then optionally a one-token completion on a
    /// deployment.
    func probe(_ probe: Probe, at base: Endpoint, key: String?, apiVersion: String, completionModel deployment: String?)
        async throws(ConnectionFailure) -> ConnectionFindings
    {
        let root = base.trimming(pathSuffix: "/openai")
        let version = [URLQueryItem(name: "api-version", value: apiVersion)]
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        authorize(&headers, key: key)
        let list = try await probe.fetch(
            Probe.Call(
                request: UpstreamRequest(url: root.url(["openai", "models"], query: version), headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the model list",
                notFoundHint: "Check the endpoint (\(baseURLExample)) and the API version (\(apiVersion))."),
            as: OpenAIModelList.self, networkStage: .reachability)
        let findings = ConnectionFindings(stage: .modelListing, modelsFound: list.data.count, modelIDs: list.data.map(\.id))
        guard let deployment else { return findings }
        headers.add(name: "Content-Type", value: "application/json")
        let body = Self.json(["messages": [["role": "user", "content": "ping"]], "max_tokens": 1])
        return try await probe.complete(
            findings, model: deployment, purpose: "a completion on deployment \"\(deployment)\"",
            notFoundHint: "Check the deployment name: it is the name given in Azure AI Foundry, not the model's.",
            request: UpstreamRequest(
                method: .post, url: root.url(["openai", "deployments", deployment, "chat", "completions"], query: version),
                headers: headers, body: body),
            as: ChatCompletion.self)
    }

    /// `GET {endpoint}/openai/deployments?api-version=2022-12-01`: the deployments, which are
    /// what calls name. That version is fixed because later data-plane versions dropped the
    /// listing (deployments moved to the management API), while resources still answer it.
    func listModels(_ probe: Probe, at base: Endpoint, key: String?) async throws(ConnectionFailure) -> [ListedModel] {
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        authorize(&headers, key: key)
        let version = Self.deploymentsAPIVersion
        let list = try await probe.fetch(
            Probe.Call(
                request: UpstreamRequest(
                    url: base.trimming(pathSuffix: "/openai").url(
                        ["openai", "deployments"], query: [URLQueryItem(name: "api-version", value: version)]),
                    headers: headers),
                stage: .modelListing, authStage: .authentication, purpose: "the deployment list",
                notFoundHint: "Check the endpoint (\(baseURLExample)): it should be the resource's, without a path."),
            as: AzureDeploymentList.self, networkStage: .reachability)
        return list.data.map { ListedModel(id: $0.id, upstreamModel: $0.model) }
    }

    static let deploymentsAPIVersion = "2022-12-01"

    /// The deployment's endpoint; the body's `model` is ignored there.
    func relayURL(_ operation: RelayOperation, at base: Endpoint, model: String, apiVersion: String) -> String {
        base.trimming(pathSuffix: "/openai").url(
            ["openai", "deployments", model] + operation.pathSegments, query: [URLQueryItem(name: "api-version", value: apiVersion)])
    }

    func completionRequest(_ request: CompletionRequest, at base: Endpoint, model: String, key: String?, apiVersion: String)
        -> UpstreamRequest
    {
        var headers: UpstreamHeaders = ["Accept": "application/json", "Content-Type": "application/json"]
        authorize(&headers, key: key)
        let url = base.trimming(pathSuffix: "/openai").url(
            ["openai", "deployments", model, "chat", "completions"], query: [URLQueryItem(name: "api-version", value: apiVersion)])
        return UpstreamRequest(method: .post, url: url, headers: headers, body: WireBody.chat(request, model: nil))
    }
}
