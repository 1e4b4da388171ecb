import Foundation

/// Azure OpenAI's real answers, behind its `api-key` and `api-version` checks.
struct AzureRoutes: Sendable {
    let apiKey: String
    let models: [String]
    let deployments: [String]

    func answer(_ request: RecordedRequest) -> FakeResponse {
        guard request.header("api-key") == apiKey else { return FakeErrorFormat.azure.error(401, request: request) }
        guard request.queryItem("api-version")?.isEmpty == false else {
            return FakeErrorFormat.azure(404, code: "404", message: "Resource not found")
        }
        let parts = request.path.split(separator: "/").map(String.init)
        switch (request.method, parts) {
        case ("GET", ["openai", "models"]):
            return .json(200, object: ["data": models.map(Self.model), "object": "list"])
        case ("POST", let parts) where parts.count == 5 && parts[0] == "openai" && parts[1] == "deployments"
            && parts[3] == "chat" && parts[4] == "completions":
            let deployment = parts[2].removingPercentEncoding ?? parts[2]
            guard deployments.contains(deployment) else {
                return FakeErrorFormat.azure(
                    404, code: "DeploymentNotFound",
                    message: "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."
                )
            }
            return .json(200, object: FakeChatCompletion.object(model: "gpt-4o-2024-08-06"))
        default:
            return FakeErrorFormat.azure(404, code: "404", message: "Resource not found")
        }
    }

    private static func model(_ id: String) -> [String: Any] {
        [
            "id": id, "status": "succeeded", "model": id, "object": "model", "created_at": 1_723_075_200,
            "lifecycle_status": "generally-available",
            "capabilities": [
                "fine_tune": false, "inference": true, "completion": false, "chat_completion": true,
                "embeddings": false,
            ],
            "deprecation": ["inference": 1_766_016_000],
        ]
    }
}
