import Foundation

/// OpenAI's 401 bodies; the real one echoes a masked key, which clients must not pass on.
enum FakeOpenAIAuth {
    static func rejection(for key: String) -> FakeResponse {
        guard !key.isEmpty else {
            return FakeErrorFormat.openAI(
                401,
                message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                type: "invalid_request_error", code: nil)
        }
        let masked = key.count > 8 ? key.prefix(6) + String(repeating: "*", count: key.count - 10) + key.suffix(4) : "***"
        return FakeErrorFormat.openAI(
            401,
            message: "Incorrect API key provided: \(masked). You can find your API key at https://platform.openai.com/account/api-keys.",
            type: "invalid_request_error", code: "invalid_api_key")
    }
}

/// OpenAI's real answers, behind its Bearer check.
struct OpenAIRoutes: Sendable {
    let apiKey: String?
    let models: [String]

    func answer(_ request: RecordedRequest) -> FakeResponse {
        if let apiKey {
            let sent = request.header("authorization") ?? ""
            guard sent == "Bearer \(apiKey)" else {
                return FakeOpenAIAuth.rejection(for: sent.hasPrefix("Bearer ") ? String(sent.dropFirst(7)) : "")
            }
        }
        switch (request.method, request.path) {
        case ("GET", "/v1/models"):
            let data = models.map { ["id": $0, "object": "model", "created": 1_715_367_049, "owned_by": "system"] as [String: Any] }
            return .json(200, object: ["object": "list", "data": data])
        case ("POST", "/v1/chat/completions"):
            return completion(request)
        default:
            return FakeErrorFormat.openAI(
                404, message: "Invalid URL (\(request.method) \(request.path))", type: "invalid_request_error", code: nil)
        }
    }

    private func completion(_ request: RecordedRequest) -> FakeResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        guard let model = body?["model"] as? String, body?["messages"] is [Any] else {
            return FakeErrorFormat.openAI(
                400, message: "you must provide a model parameter", type: "invalid_request_error", code: nil)
        }
        guard models.contains(model) else {
            return FakeErrorFormat.openAI(
                404, message: "The model `\(model)` does not exist or you do not have access to it.",
                type: "invalid_request_error", code: "model_not_found")
        }
        return .json(200, object: FakeChatCompletion.object(model: model))
    }
}

/// A `chat.completion` cut short at one token, as `max_tokens: 1` produces.
enum FakeChatCompletion {
    static func object(model: String) -> [String: Any] {
        [
            "id": "chatcmpl-fake0001", "object": "chat.completion", "created": 1_715_367_049, "model": model,
            "choices": [
                [
                    "index": 0, "message": ["role": "assistant", "content": "P", "refusal": NSNull()],
                    "logprobs": NSNull(), "finish_reason": "length",
                ] as [String: Any]
            ],
            "usage": ["prompt_tokens": 8, "completion_tokens": 1, "total_tokens": 9],
            "system_fingerprint": "fp_fake",
        ]
    }
}
