import Foundation

extension OllamaRoutes {
    /// `POST /api/chat`, as `ChatHandler`: only installed models answer (404 "try pulling it
    /// first" otherwise); no messages only loads the model; an answer streams as NDJSON
    /// unless `"stream": false`. The text and counts follow `FakeCompletionReply`; a
    /// `FakeCompletions.rateLimit` is answered by a proxy in front, before Ollama sees anything.
    func chat(_ request: RecordedRequest) async -> FakeResponse {
        if let limit = completions.takeRateLimit() { return limit.proxy() }
        let body: [String: Any]
        switch FakeOllamaWire.body(request) {
        case .refused(let refusal): return refusal
        case .object(let object): body = object
        }
        let keepAlive = FakeOllamaWire.keepAlive(body["keep_alive"])
        if case .invalid(let message) = keepAlive { return FakeErrorFormat.ollama(400, message) }
        let raw = body["model"] as? String ?? ""
        guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return FakeErrorFormat.ollama(400, "model is required")
        }
        guard let name = FakeOllamaName(raw) else { return FakeErrorFormat.ollama(400, "invalid model name") }
        guard let installed = server.read({ OllamaServerState.installed(name, in: $0) }) else {
            return FakeErrorFormat.ollama(404, "model \"\(raw)\" not found, try pulling it first")
        }
        guard installed.model.capabilities.contains("completion") else {
            return FakeErrorFormat.ollama(400, "\"\(raw)\" does not support chat")
        }
        let options = body["options"] as? [String: Any]
        load(installed, keepAlive: keepAlive, context: (options?["num_ctx"] as? Int) ?? Self.defaultContext)
        guard let messages = body["messages"] as? [[String: Any]], !messages.isEmpty else {
            return .json(200, object: Self.chatLine(raw, content: "", final: ["done": true, "done_reason": "load"]))
        }
        guard await completions.generate() else { return .droppedConnection }
        return Self.chatAnswer(raw, reply: completions.reply(to: body), streamed: (body["stream"] as? Bool) ?? true)
    }

    /// One object with the whole text and the totals, or NDJSON lines of one word each
    /// followed by a line with empty content and the totals, as Ollama streams.
    private static func chatAnswer(_ model: String, reply: FakeCompletionReply, streamed: Bool) -> FakeResponse {
        // Durations in nanoseconds, derived from the counts so every answer is reproducible.
        let promptDuration = reply.promptTokens * 5_000_000
        let evalDuration = reply.completionTokens * 20_000_000
        let load = 20_123_456
        let totals: [String: Any] = [
            "done": true, "done_reason": reply.finishReason, "total_duration": load + promptDuration + evalDuration,
            "load_duration": load, "prompt_eval_count": reply.promptTokens, "prompt_eval_duration": promptDuration,
            "eval_count": reply.completionTokens, "eval_duration": evalDuration,
        ]
        guard streamed else { return .json(200, object: chatLine(model, content: reply.text, final: totals)) }
        let lines =
            reply.pieces.map { chatLine(model, content: $0, final: ["done": false]) }
            + [chatLine(model, content: "", final: totals)]
        return FakeResponse(
            status: 200, headers: [("Content-Type", "application/x-ndjson")],
            body: .chunked(lines.compactMap { try? JSON.data($0) }.map { Array($0) + [0x0A] }))
    }

    private static func chatLine(_ model: String, content: String, final fields: [String: Any]) -> [String: Any] {
        var line: [String: Any] = [
            "model": model, "created_at": FakeOllamaWire.time(Date()),
            "message": ["role": "assistant", "content": content],
        ]
        line.merge(fields) { _, new in new }
        return line
    }
}
