import Foundation

/// Ollama's OpenAI compatibility (`openai/openai.go`): `/v1/chat/completions`,
/// `/v1/embeddings` and `/v1/models` over the same installed models as `/api/…`, answers in
/// OpenAI's shapes with Ollama's names, and errors as `{"error": {"message", "type", "param":
/// null, "code": null}}` with the messages of the native routes.
extension OllamaRoutes {
    static func isOpenAIChat(_ request: RecordedRequest) -> Bool {
        request.method == "POST" && request.path == "/v1/chat/completions"
    }

    static func isOpenAIEmbeddings(_ request: RecordedRequest) -> Bool {
        request.method == "POST" && request.path == "/v1/embeddings"
    }

    /// `NewError`: the type follows the status.
    static func openAIError(_ status: Int, _ message: String) -> FakeResponse {
        let type =
            switch status {
            case 400: "invalid_request_error"
            case 404: "not_found_error"
            default: "api_error"
            }
        return .json(status, object: ["error": ["message": message, "type": type, "param": NSNull(), "code": NSNull()]])
    }

    /// `POST /v1/chat/completions`: an installed model with the completion capability answers
    /// as `/api/chat` would (and is loaded), streamed as `FakeChatStream` writes for Ollama or
    /// as one `chat.completion`; a `FakeCompletions.rateLimit` is the proxy's plain 429.
    func openAIChat(_ request: RecordedRequest) async -> FakeResponse {
        if let limit = completions.takeRateLimit() { return limit.proxy() }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            return Self.openAIError(400, "invalid character looking for beginning of value")
        }
        guard let messages = body["messages"] as? [Any], !messages.isEmpty else {
            return Self.openAIError(400, "[] is too short - 'messages'")
        }
        let installed: OllamaServerState.Installed
        switch installedModel(body["model"]) {
        case .failure(let refusal): return refusal.response
        case .success(let found): installed = found
        }
        let raw = body["model"] as? String ?? ""
        guard installed.model.capabilities.contains("completion") else {
            return Self.openAIError(400, "\"\(raw)\" does not support chat")
        }
        load(installed, keepAlive: .standard, context: Self.defaultContext)
        if FakeChatStream.isRequested(body) { return await completions.streamedAnswer(.ollama, model: raw, body: body) }
        guard await completions.generate() else { return .droppedConnection }
        let reply = completions.reply(to: body)
        return .json(
            200,
            object: [
                "id": "chatcmpl-123", "object": "chat.completion", "created": Int(Date().timeIntervalSince1970), "model": raw,
                "system_fingerprint": "fp_ollama",
                "choices": [
                    [
                        "index": 0, "message": ["role": "assistant", "content": reply.text],
                        "finish_reason": reply.finishReason,
                    ] as [String: Any]
                ],
                "usage": [
                    "prompt_tokens": reply.promptTokens, "completion_tokens": reply.completionTokens,
                    "total_tokens": reply.promptTokens + reply.completionTokens,
                ],
            ])
    }

    /// `POST /v1/embeddings`: strings only (Ollama refuses token arrays with "invalid input
    /// type"), an empty string giving no vector, `encoding_format` and `dimensions` as OpenAI's.
    func openAIEmbeddings(_ request: RecordedRequest) async -> FakeResponse {
        if let limit = completions.takeRateLimit() { return limit.proxy() }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            return Self.openAIError(400, "invalid character looking for beginning of value")
        }
        let texts: [String]
        switch body["input"] {
        case let text as String:
            texts = text.isEmpty ? [] : [text]
        case let list as [Any] where !list.isEmpty:
            guard let strings = list as? [String] else { return Self.openAIError(400, "invalid input type") }
            texts = strings
        case nil, is NSNull, is [Any]:
            return Self.openAIError(400, "invalid input")
        default:
            return Self.openAIError(400, "invalid input type")
        }
        switch installedModel(body["model"]) {
        case .failure(let refusal): return refusal.response
        case .success: break
        }
        guard let encoding = FakeEmbedding.encoding(body["encoding_format"]) else {
            return Self.openAIError(400, "invalid encoding format: must be \"float\" or \"base64\"")
        }
        guard let dimensions = FakeEmbedding.dimensions(body) else { return Self.openAIError(400, "invalid dimensions") }
        let parsed = FakeEmbedding.Request(inputs: texts.map { .text($0) }, encoding: encoding, dimensions: dimensions)
        return await completions.embeddingsAnswer(model: body["model"] as? String ?? "", request: parsed)
    }

    /// `GET /v1/models`: the installed models, owned by their namespace.
    func openAIModels() -> FakeResponse {
        let models = server.read { Array($0.installed.values) }.sorted { $0.modifiedAt > $1.modifiedAt }
        let data = models.map { installed -> [String: Any] in
            [
                "id": installed.name, "object": "model", "created": Int(installed.modifiedAt.timeIntervalSince1970),
                "owned_by": FakeOllamaName(installed.name)?.namespace ?? "library",
            ]
        }
        return .json(200, object: ["object": "list", "data": data])
    }

    struct Refusal: Error {
        let response: FakeResponse
    }

    /// The installed model a `/v1` body names, or the OpenAI-shaped refusal.
    private func installedModel(_ value: Any?) -> Result<OllamaServerState.Installed, Refusal> {
        let raw = value as? String ?? ""
        guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(Refusal(response: Self.openAIError(400, "model is required")))
        }
        guard let name = FakeOllamaName(raw) else { return .failure(Refusal(response: Self.openAIError(400, "invalid model name"))) }
        guard let installed = server.read({ OllamaServerState.installed(name, in: $0) }) else {
            return .failure(Refusal(response: Self.openAIError(404, "model \"\(raw)\" not found, try pulling it first")))
        }
        return .success(installed)
    }
}
