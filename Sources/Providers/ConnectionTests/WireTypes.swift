/// The few fields of each upstream answer the test relies on; everything else is ignored.
struct OpenAIModelList: Decodable {
    struct Model: Decodable {
        let id: String
        let ownedBy: String?

        enum CodingKeys: String, CodingKey {
            case id
            case ownedBy = "owned_by"
        }
    }
    let data: [Model]
}

/// Azure's `GET /openai/deployments` (api-version 2022-12-01): `id` is the deployment's name.
struct AzureDeploymentList: Decodable {
    struct Deployment: Decodable {
        let id: String
        let model: String?
    }
    let data: [Deployment]
}

struct ChatCompletion: Decodable {
    struct Choice: Decodable {}
    let choices: [Choice]
}

struct OllamaVersion: Decodable {
    let version: String
}

struct OllamaTags: Decodable {
    struct Model: Decodable {
        let name: String
        let size: Int64?
    }
    let models: [Model]
}

struct OllamaGeneration: Decodable {
    let response: String
}
