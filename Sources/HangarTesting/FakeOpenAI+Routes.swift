import Foundation

/// OpenAI's 401 bodies; the real one echoes a masked key, which clients must not pass on.
enum FakeOpenAIAuth {
    static func rejection(for key: String) -> FakeResponse {
        guard !key.isEmpty else {
            return FakeErrorFormat.openAI(
                401,
                message:
                    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
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
    let completions: FakeCompletions
    /// Completes for models it does not list too, as gateways with wildcard routes do.
    var acceptsAnyModel = false

    static func isCompletion(_ request: RecordedRequest) -> Bool {
        request.method == "POST" && request.path == "/v1/chat/completions"
    }

    func answer(_ request: RecordedRequest) async -> FakeResponse {
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
            return await completion(request)
        case ("POST", "/v1/embeddings"):
            return await embeddings(request)
        default:
            return FakeErrorFormat.openAI(
                404, message: "Invalid URL (\(request.method) \(request.path))", type: "invalid_request_error", code: nil)
        }
    }

    private func completion(_ request: RecordedRequest) async -> FakeResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        guard let body, let model = body["model"] as? String, body["messages"] is [Any] else {
            return FakeErrorFormat.openAI(
                400, message: "you must provide a model parameter", type: "invalid_request_error", code: nil)
        }
        guard acceptsAnyModel || models.contains(model) else {
            return FakeErrorFormat.openAI(
                404, message: "The model `\(model)` does not exist or you do not have access to it.",
                type: "invalid_request_error", code: "model_not_found")
        }
        if let refusal = FakeChatCompletion.invalidMaxTokens(body) { return refusal }
        if let limit = completions.takeRateLimit() { return limit.openAI(model: model) }
        if FakeChatStream.isRequested(body) { return await completions.streamedAnswer(.openAI, model: model, body: body) }
        guard await completions.generate() else { return .droppedConnection }
        return .json(200, object: FakeChatCompletion.object(model: model, reply: completions.reply(to: body)))
    }
}

/// A `chat.completion` as OpenAI writes it, its text and usage from `FakeCompletionReply`.
enum FakeChatCompletion {
    static func object(model: String, reply: FakeCompletionReply, azure: Bool = false) -> [String: Any] {
        var choice: [String: Any] = [
            "index": 0, "message": ["role": "assistant", "content": reply.text, "refusal": NSNull()] as [String: Any],
            "logprobs": NSNull(), "finish_reason": reply.finishReason,
        ]
        var object: [String: Any] = [
            "id": "chatcmpl-fake0001", "object": "chat.completion", "created": 1_715_367_049, "model": model,
            "usage": [
                "prompt_tokens": reply.promptTokens, "completion_tokens": reply.completionTokens,
                "total_tokens": reply.promptTokens + reply.completionTokens,
            ],
            "system_fingerprint": "fp_fake",
        ]
        if azure {
            // Azure adds its content filter's verdicts on the prompt and on each choice.
            let safe: [String: Any] = ["filtered": false, "severity": "safe"]
            let verdicts: [String: Any] = ["hate": safe, "self_harm": safe, "sexual": safe, "violence": safe]
            choice["content_filter_results"] = verdicts
            object["prompt_filter_results"] = [["prompt_index": 0, "content_filter_results": verdicts] as [String: Any]]
        }
        object["choices"] = [choice]
        return object
    }

    /// OpenAI refuses a token limit below one before generating anything.
    static func invalidMaxTokens(_ body: [String: Any]) -> FakeResponse? {
        for field in ["max_tokens", "max_completion_tokens"] {
            guard let value = (body[field] as? NSNumber)?.intValue, value < 1 else { continue }
            return .json(
                400,
                object: [
                    "error": [
                        "message": "Invalid '\(field)': integer below minimum value. Expected a value >= 1, but got \(value) instead.",
                        "type": "invalid_request_error", "param": field, "code": "integer_below_min_value",
                    ]
                ])
        }
        return nil
    }
}
