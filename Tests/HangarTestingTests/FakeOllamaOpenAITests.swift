import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

/// Ollama's OpenAI compatibility under `/v1/`: OpenAI's shapes with Ollama's names and errors.
@Suite struct FakeOllamaOpenAITests {
    let chat = #"{"model":"llama3.2","messages":[{"role":"user","content":"Why is the sky blue?"}],"max_tokens":3"#

    @Test func aStreamCarriesTheRoleInEveryChunkAndUsageOnlyAtTheEnd() async throws {
        try await FakeOllama.withServer { fake in
            let reply = try await send(
                .POST, fake.baseURL + "/v1/chat/completions", json: chat + #","stream":true,"stream_options":{"include_usage":true}}"#)
            #expect(reply.status == 200 && reply.headers.first(name: "content-type") == "text/event-stream")
            #expect(reply.text.hasSuffix("\n\ndata: [DONE]\n\n"))
            let chunks = try reply.chunks()
            #expect(chunks.count == 3 + 1 + 1)
            #expect(chunks.allSatisfy { $0["system_fingerprint"] as? String == "fp_ollama" && $0["model"] as? String == "llama3.2" })
            let choices = chunks.dropLast().compactMap { ($0["choices"] as? [[String: Any]])?.first }
            #expect(choices.allSatisfy { ($0["delta"] as? [String: Any])?["role"] as? String == "assistant" && $0["logprobs"] == nil })
            #expect(chunks.dropLast().allSatisfy { $0["usage"] == nil })
            #expect(FakeChatStreamTests.content(chunks) == "Hello from the")
            #expect(choices.last?["finish_reason"] as? String == "length")
            #expect(choices.dropLast().allSatisfy { JSON.isNull($0, "finish_reason") })
            let usage = try #require(chunks.last?["usage"] as? [String: Int])
            #expect(usage == ["prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15])
            #expect(fake.loadedModels == ["llama3.2:latest"])
            #expect(await fake.completions.waitForStreamEnds(1).first?.end == .completed)
        }
    }

    @Test func withoutStreamOneChatCompletion() async throws {
        try await FakeOllama.withServer { fake in
            let answer = try await send(.POST, fake.baseURL + "/v1/chat/completions", json: chat + "}").json()
            #expect(answer["object"] as? String == "chat.completion" && answer["system_fingerprint"] as? String == "fp_ollama")
            let choice = try #require((answer["choices"] as? [[String: Any]])?.first)
            #expect(choice["message"] as? [String: String] == ["role": "assistant", "content": "Hello from the"])
            #expect(choice["finish_reason"] as? String == "length")
            #expect((answer["usage"] as? [String: Int])?["completion_tokens"] == 3)
            #expect(fake.completions.calls == 1)
        }
    }

    @Test func errorsTakeOpenAIsShapeWithOllamasMessages() async throws {
        try await FakeOllama.withServer { fake in
            let missing = try await send(
                .POST, fake.baseURL + "/v1/chat/completions", json: #"{"model":"phi3","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(missing.status == 404)
            let error = try #require(try missing.json()["error"] as? [String: Any])
            #expect(error["message"] as? String == #"model "phi3" not found, try pulling it first"#)
            #expect(error["type"] as? String == "not_found_error" && JSON.isNull(error, "code") && JSON.isNull(error, "param"))
            let empty = try await send(.POST, fake.baseURL + "/v1/chat/completions", json: #"{"model":"llama3.2","messages":[]}"#)
            #expect(empty.status == 400)
            #expect((try empty.json()["error"] as? [String: Any])?["message"] as? String == "[] is too short - 'messages'")
            #expect(try await send(.GET, fake.baseURL + "/v1/chat/completions").status == 405)

            fake.completions.rateLimit(next: 1, retryAfter: "2")
            let limited = try await send(.POST, fake.baseURL + "/v1/chat/completions", json: chat + #","stream":true}"#)
            #expect(limited.status == 429 && limited.text == "Too Many Requests\n")
            #expect(fake.completions.streams.isEmpty)
        }
    }

    @Test func modelsListsTheInstalledOnes() async throws {
        try await FakeOllama.withServer { fake in
            let answer = try await send(.GET, fake.baseURL + "/v1/models").json()
            let data = try #require(answer["data"] as? [[String: Any]])
            #expect(data.compactMap { $0["id"] as? String } == ["llama3.2:latest", "qwen2.5:0.5b"])
            #expect(data.allSatisfy { $0["owned_by"] as? String == "library" && $0["object"] as? String == "model" })
        }
    }

    @Test func aStreamCutByTheClientIsRecorded() async throws {
        try await FakeOllama.withServer { fake in
            fake.completions.streamBehaviour = FakeStreamBehaviour(pieces: 5, pause: .seconds(600))
            let status = try await readEvents(fake.baseURL + "/v1/chat/completions", json: chat + #","stream":true}"#) { _ in false }
            #expect(status == 200)
            let record = try #require(await fake.completions.waitForStreamEnds(1).first)
            #expect(record.end == .clientDisconnected && record.piecesSent == 1 && record.piecesPlanned == 5)
        }
    }
}
