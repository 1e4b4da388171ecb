import Foundation

extension OpenAIRoutes {
    static func isEmbeddings(_ request: RecordedRequest) -> Bool {
        request.method == "POST" && request.path == "/v1/embeddings"
    }

    /// `POST /v1/embeddings`: OpenAI's list of vectors (`FakeEmbedding`), its 400s naming the
    /// field at fault, and the queued rate-limit refusals.
    func embeddings(_ request: RecordedRequest) async -> FakeResponse {
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            return Self.invalid(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
                param: nil, code: nil)
        }
        guard let model = body["model"] as? String else {
            return Self.invalid("you must provide a model parameter", param: nil, code: nil)
        }
        guard acceptsAnyModel || models.contains(model) else {
            return FakeErrorFormat.openAI(
                404, message: "The model `\(model)` does not exist or you do not have access to it.",
                type: "invalid_request_error", code: "model_not_found")
        }
        let parsed: FakeEmbedding.Request
        switch FakeEmbedding.request(body) {
        case .success(let request): parsed = request
        case .failure(let error): return Self.refusal(error.refusal)
        }
        if let limit = completions.takeRateLimit() { return limit.openAI(model: model) }
        return await completions.embeddingsAnswer(model: model, request: parsed)
    }

    /// OpenAI's 400 for a wrong embeddings field.
    static func refusal(_ refusal: FakeEmbedding.Refusal) -> FakeResponse {
        switch refusal {
        case .missingInput:
            invalid("'input' is a required property", param: nil, code: nil)
        case .invalidInput:
            invalid(
                "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
                param: nil, code: nil)
        case .invalidEncoding(let value):
            invalid(
                "Invalid value: '\(value)'. Supported values are: 'float' and 'base64'.", param: "encoding_format",
                code: "invalid_value")
        case .invalidDimensions:
            invalid(
                "Invalid 'dimensions': integer below minimum value. Expected a value >= 1.", param: "dimensions",
                code: "integer_below_min_value")
        }
    }

    private static func invalid(_ message: String, param: String?, code: String?) -> FakeResponse {
        .json(
            400,
            object: [
                "error": [
                    "message": message, "type": "invalid_request_error", "param": param.map { $0 as Any } ?? NSNull(),
                    "code": code.map { $0 as Any } ?? NSNull(),
                ] as [String: Any]
            ])
    }
}
