import Foundation
import Synchronization

/// A streamed chat completion (`"stream": true`) as server-sent events, in the form each
/// provider writes: `data: <chunk>\n\n` per event, `data: [DONE]\n\n` at the end.
///
/// - OpenAI: a first chunk with `delta: {"role": "assistant", "content": "", "refusal": null}`,
///   one chunk per piece (`delta: {"content"}`), then `delta: {}` with the `finish_reason`.
/// - Azure: the same, after a first chunk with `choices: []` and `prompt_filter_results`, each
///   choice with its `content_filter_results`.
/// - Ollama (`/v1`): every chunk's delta carries the role and a piece, the last one an empty
///   piece and the `finish_reason`; `system_fingerprint` is `fp_ollama`; no `logprobs`.
///
/// With `stream_options.include_usage`, OpenAI and Azure chunks carry `"usage": null` (Ollama
/// leaves it out) and a last chunk has `choices: []` and the usage.
struct FakeChatStream: Sendable {
    enum Dialect: Sendable {
        case openAI
        case azure
        case ollama
    }

    let dialect: Dialect
    let model: String
    let reply: FakeCompletionReply
    let includeUsage: Bool
    let behaviour: FakeStreamBehaviour

    init(_ dialect: Dialect, model: String, reply: FakeCompletionReply, body: [String: Any], behaviour: FakeStreamBehaviour) {
        self.dialect = dialect
        self.model = model
        self.reply = reply
        includeUsage = (body["stream_options"] as? [String: Any])?["include_usage"] as? Bool ?? false
        self.behaviour = behaviour
    }

    /// Whether a chat request body asks for a stream.
    static func isRequested(_ body: [String: Any]) -> Bool {
        body["stream"] as? Bool ?? false
    }

    /// One event: its bytes on the wire, the content pieces it carries, and whether the
    /// steered pause comes before it.
    struct Event: Sendable {
        let bytes: [UInt8]
        var pieces = 0
        var pausedBefore = false
    }

    /// The reply's text in content pieces, as `behaviour.pieces` asks.
    var pieces: [String] {
        guard let count = behaviour.pieces else { return reply.pieces.isEmpty ? [""] : reply.pieces }
        let characters = Array(reply.text)
        let parts = max(1, min(count, characters.count))
        return (0..<parts).map { part in
            String(characters[(part * characters.count / parts)..<((part + 1) * characters.count / parts)])
        }
    }

    func events() -> [Event] {
        let pieces = pieces
        let sent = behaviour.failAfterPieces.map { min(max($0, 0), pieces.count) } ?? pieces.count
        var events: [Event] = []
        switch dialect {
        case .openAI, .azure:
            if dialect == .azure { events.append(Event(bytes: Self.data(Self.azurePromptFilter))) }
            events.append(Event(bytes: Self.data(chunk(delta: ["role": "assistant", "content": "", "refusal": NSNull()]))))
            for (index, piece) in pieces.prefix(sent).enumerated() {
                events.append(Event(bytes: Self.data(chunk(delta: ["content": piece])), pieces: 1, pausedBefore: index > 0))
            }
        case .ollama:
            for (index, piece) in pieces.prefix(sent).enumerated() {
                events.append(
                    Event(
                        bytes: Self.data(chunk(delta: ["role": "assistant", "content": piece])), pieces: 1,
                        pausedBefore: index > 0))
            }
        }
        if sent < pieces.count {
            events.append(Event(bytes: Self.data(errorEvent), pausedBefore: sent > 0))
            return events
        }
        let finish: [String: Any] = dialect == .ollama ? ["role": "assistant", "content": ""] : [:]
        events.append(Event(bytes: Self.data(chunk(delta: finish, finishReason: reply.finishReason)), pausedBefore: true))
        if includeUsage { events.append(Event(bytes: Self.data(usageChunk))) }
        events.append(Event(bytes: Array("data: [DONE]\n\n".utf8)))
        return events
    }

    /// The answer: events written as the connection takes them, paced by `behaviour.pause`,
    /// recorded in `completions` (which keeps the call in flight until the stream ends).
    func response(recordingIn completions: FakeCompletions) -> FakeResponse {
        let events = events()
        let failing = behaviour.failAfterPieces.map { $0 < pieces.count } ?? false
        let id = completions.streamStarted(pieces: pieces.count)
        let pause = behaviour.pause
        let next = Counter()
        let body = AsyncStream<[UInt8]> {
            let index = next.take()
            guard index < events.count else { return nil }
            // The consumer asks for an event once the previous one is written.
            if index > 0 { completions.stream(id, sent: events[..<index].reduce(0) { $0 + $1.pieces }) }
            if events[index].pausedBefore && pause > .zero {
                do { try await Task.sleep(for: pause) } catch { return nil }
            }
            return events[index].bytes
        }
        let contentType = dialect == .ollama ? "text/event-stream" : "text/event-stream; charset=utf-8"
        var response = FakeResponse(status: 200, headers: [("Content-Type", contentType)], body: .stream(body))
        response.onFinish = { outcome in
            var written = 0
            var pieces = 0
            for event in events {
                written += event.bytes.count
                guard written <= outcome.bodyBytesSent else { break }
                pieces += event.pieces
            }
            let end: FakeStreamRecord.End = outcome.completed ? (failing ? .failed : .completed) : .clientDisconnected
            // Out of flight before the end is told, so whoever awaits the end sees it so.
            completions.leave()
            completions.stream(id, ended: end, piecesSent: pieces)
        }
        return response
    }

    // MARK: Chunks

    private static let created = 1_715_367_049

    private var fingerprint: String { dialect == .ollama ? "fp_ollama" : "fp_fake" }

    private func base() -> [String: Any] {
        var chunk: [String: Any] = [
            "id": dialect == .ollama ? "chatcmpl-123" : "chatcmpl-fake0001", "object": "chat.completion.chunk",
            "created": Self.created, "model": model, "system_fingerprint": fingerprint,
        ]
        if includeUsage && dialect != .ollama { chunk["usage"] = NSNull() }
        return chunk
    }

    private func chunk(delta: [String: Any], finishReason: String? = nil) -> [String: Any] {
        var choice: [String: Any] = ["index": 0, "delta": delta, "finish_reason": finishReason.map { $0 as Any } ?? NSNull()]
        if dialect != .ollama { choice["logprobs"] = NSNull() }
        if dialect == .azure {
            let carriesText = (delta["content"] as? String).map { !$0.isEmpty } ?? false
            choice["content_filter_results"] = carriesText ? Self.azureVerdicts : [String: Any]()
        }
        var chunk = base()
        chunk["choices"] = [choice]
        return chunk
    }

    private var usageChunk: [String: Any] {
        var chunk = base()
        chunk["choices"] = [Any]()
        chunk["usage"] = [
            "prompt_tokens": reply.promptTokens, "completion_tokens": reply.completionTokens,
            "total_tokens": reply.promptTokens + reply.completionTokens,
        ]
        return chunk
    }

    private var errorEvent: [String: Any] {
        let error: [String: Any] =
            dialect == .ollama
            ? [
                "message": "an error was encountered while running the model: unexpected EOF", "type": "api_error",
                "param": NSNull(), "code": NSNull(),
            ]
            : [
                "message": "The server had an error while processing your request. Sorry about that!", "type": "server_error",
                "param": NSNull(), "code": NSNull(),
            ]
        return ["error": error]
    }

    /// Azure's content filter's verdicts on a prompt or a piece of text.
    static var azureVerdicts: [String: Any] {
        let safe: [String: Any] = ["filtered": false, "severity": "safe"]
        return ["hate": safe, "self_harm": safe, "sexual": safe, "violence": safe]
    }

    /// Azure's first event: the prompt's filter results, before any choice.
    private static var azurePromptFilter: [String: Any] {
        [
            "choices": [Any](), "created": 0, "id": "", "model": "", "object": "",
            "prompt_filter_results": [["prompt_index": 0, "content_filter_results": azureVerdicts] as [String: Any]],
        ]
    }

    private static func data(_ object: [String: Any]) -> [UInt8] {
        Array("data: ".utf8) + Array((try? JSON.data(object)) ?? Data()) + Array("\n\n".utf8)
    }

    /// The index of the next event, shared by the stream's successive calls.
    private final class Counter: Sendable {
        private let value = Mutex(0)

        func take() -> Int {
            value.withLock { value in
                defer { value += 1 }
                return value
            }
        }
    }
}
