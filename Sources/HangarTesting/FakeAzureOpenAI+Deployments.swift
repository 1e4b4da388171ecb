import Foundation

extension AzureRoutes {
    /// The model a chat deployment runs, as the deployment list names it (no version: Azure
    /// keeps that apart, and answers name `chatModel`).
    static let deployedChatModel = "gpt-4o"

    /// `GET /openai/deployments?api-version=2022-12-01`, in Azure's wire format: one entry per
    /// deployment, `id` its name and `model` the model behind it.
    func deploymentList() -> FakeResponse {
        let data = deployments.map { name -> [String: Any] in
            [
                "id": name, "model": name.contains("embedding") ? Self.embeddingModel : Self.deployedChatModel,
                "owner": "organization-owner", "status": "succeeded", "object": "deployment",
                "created_at": 1_723_075_200, "updated_at": 1_723_075_200, "scale_settings": ["scale_type": "standard"],
            ]
        }
        return .json(200, object: ["data": data, "object": "list"])
    }
}
