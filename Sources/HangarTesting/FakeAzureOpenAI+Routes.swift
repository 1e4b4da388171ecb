import Foundation

/// Azure OpenAI's real answers, behind its `api-key` and `api-version` checks.
struct AzureRoutes: Sendable {
    /// The model behind every chat deployment, which answers name.
    static let chatModel = "gpt-4o-2024-08-06"
    /// The model behind every embeddings call, which answers name.
    static let embeddingModel = "text-embedding-3-small"

    let apiKey: String
    let models: [String]
    let deployments: [String]
    let completions: FakeCompletions

    /// `POST /openai/deployments/{deployment}/chat/completions`: the deployment, or nil.
    static func completionDeployment(_ request: RecordedRequest) -> String? {
        deployment(request, operation: ["chat", "completions"])
    }

    /// `POST /openai/deployments/{deployment}/embeddings`: the deployment, or nil.
    static func embeddingsDeployment(_ request: RecordedRequest) -> String? {
        deployment(request, operation: ["embeddings"])
    }

    private static func deployment(_ request: RecordedRequest, operation: [String]) -> String? {
        let parts = request.path.split(separator: "/").map(String.init)
        guard request.method == "POST", parts.count == 3 + operation.count, parts[0] == "openai", parts[1] == "deployments",
            Array(parts[3...]) == operation
        else { return nil }
        return parts[2].removingPercentEncoding ?? parts[2]
    }

    func answer(_ request: RecordedRequest) async -> FakeResponse {
        guard request.header("api-key") == apiKey else { return FakeErrorFormat.azure.error(401, request: request) }
        guard request.queryItem("api-version")?.isEmpty == false else {
            return FakeErrorFormat.azure(404, code: "404", message: "Resource not found")
        }
        if let deployment = Self.completionDeployment(request) {
            return await completion(request, deployment: deployment)
        }
        if let deployment = Self.embeddingsDeployment(request) {
            return await embeddings(request, deployment: deployment)
        }
        if request.method == "GET", request.path.split(separator: "/") == ["openai", "deployments"] {
            return deploymentList()
        }
        guard request.method == "GET", request.path.split(separator: "/") == ["openai", "models"] else {
            return FakeErrorFormat.azure(404, code: "404", message: "Resource not found")
        }
        return .json(200, object: ["data": models.map(Self.model), "object": "list"])
    }

    static let deploymentNotFound = FakeErrorFormat.azure(
        404, code: "DeploymentNotFound",
        message:
            "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."
    )

    private func completion(_ request: RecordedRequest, deployment: String) async -> FakeResponse {
        guard deployments.contains(deployment) else { return Self.deploymentNotFound }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any],
            body["messages"] is [Any]
        else {
            return FakeErrorFormat.azure(400, code: "BadRequest", message: "'messages' is a required property")
        }
        if let refusal = FakeChatCompletion.invalidMaxTokens(body) { return refusal }
        if let limit = completions.takeRateLimit() { return limit.azure(apiVersion: request.queryItem("api-version") ?? "") }
        if FakeChatStream.isRequested(body) {
            return await completions.streamedAnswer(.azure, model: Self.chatModel, body: body)
        }
        guard await completions.generate() else { return .droppedConnection }
        return .json(
            200, object: FakeChatCompletion.object(model: Self.chatModel, reply: completions.reply(to: body), azure: true))
    }

    private static func model(_ id: String) -> [String: Any] {
        let embeds = id.contains("embedding")
        return [
            "id": id, "status": "succeeded", "model": id, "object": "model", "created_at": 1_723_075_200,
            "lifecycle_status": "generally-available",
            "capabilities": [
                "fine_tune": false, "inference": true, "completion": false, "chat_completion": !embeds,
                "embeddings": embeds,
            ],
            "deprecation": ["inference": 1_766_016_000],
        ]
    }
}
