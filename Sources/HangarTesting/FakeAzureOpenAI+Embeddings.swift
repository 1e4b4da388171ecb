import Foundation

extension AzureRoutes {
    /// `POST /openai/deployments/{deployment}/embeddings`: OpenAI's list of vectors
    /// (`FakeEmbedding`) under the deployment's model (`embeddingModel`, whatever the body's
    /// `model` says, as Azure takes the model from the deployment), Azure's 400 and 429 bodies.
    func embeddings(_ request: RecordedRequest, deployment: String) async -> FakeResponse {
        guard deployments.contains(deployment) else { return Self.deploymentNotFound }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            return FakeErrorFormat.azure(400, code: "BadRequest", message: "Invalid JSON body")
        }
        let parsed: FakeEmbedding.Request
        switch FakeEmbedding.request(body) {
        case .success(let request):
            parsed = request
        case .failure(let error):
            let message =
                switch error.refusal {
                case .missingInput: "'input' is a required property"
                case .invalidInput: "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."
                case .invalidEncoding(let value): "Invalid value: '\(value)'. Supported values are: 'float' and 'base64'."
                case .invalidDimensions: "Invalid 'dimensions': integer below minimum value. Expected a value >= 1."
                }
            return FakeErrorFormat.azure(400, code: "BadRequest", message: message)
        }
        if let limit = completions.takeRateLimit() {
            return limit.azure(apiVersion: request.queryItem("api-version") ?? "", operation: "Embeddings_Create")
        }
        return await completions.embeddingsAnswer(model: Self.embeddingModel, request: parsed)
    }
}
