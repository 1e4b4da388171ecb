import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

/// The completion control routes every `hangar-fakes` completion server shares
/// (`/_fake/completions/…`), on the openai, azure and ollama kinds.
@Suite struct FakeCompletionControlTests {
    /// Steers streams through the control routes and reads their records back: one that
    /// completes, one that fails as steered, one the client cuts.
    func checkStreams(_ url: String, chatPath: String, body: String, headers: [(String, String)]) async throws {
        let steered = try await send(.POST, url + "/_fake/completions/stream", json: #"{"pieces":4}"#)
        #expect(steered.status == 200)
        let whole = try await send(.POST, url + chatPath, json: body, headers: headers)
        #expect(whole.status == 200 && whole.text.hasSuffix("data: [DONE]\n\n"))

        _ = try await send(.POST, url + "/_fake/completions/stream", json: #"{"pieces":4,"fail_after":1}"#)
        let failed = try await send(.POST, url + chatPath, json: body, headers: headers)
        #expect(failed.text.contains(#""error":"#) && !failed.text.contains("[DONE]"))

        _ = try await send(.POST, url + "/_fake/completions/stream", json: #"{"pieces":4,"pause_ms":600000}"#)
        let status = try await readEvents(url + chatPath, json: body, headers: headers) { data in
            // Up to the first piece of text, then hang up.
            !data.contains(#""content":"He"#)
        }
        #expect(status == 200)

        let streams = try JSON.array(Data(try await send(.GET, url + "/_fake/completions/streams?ended=3").body))
        #expect(streams.map { $0["completed"] as? Bool } == [true, true, false])
        #expect(streams.map { $0["end"] as? String } == ["completed", "failed", "client_disconnected"])
        #expect(streams.map { $0["pieces_sent"] as? Int } == [4, 1, 1])
        #expect(streams.allSatisfy { $0["pieces_planned"] as? Int == 4 })

        _ = try await send(.POST, url + "/_fake/completions/rate-limit", json: #"{"count":1,"retry_after":"7"}"#)
        let limited = try await send(.POST, url + chatPath, json: body, headers: headers)
        #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") == "7")

        #expect(try await send(.POST, url + "/_fake/completions/stream", json: #"{"pieces":0}"#).status == 400)
        _ = try await send(.POST, url + "/_fake/reset")
        #expect(try JSON.array(Data(try await send(.GET, url + "/_fake/completions/streams").body)).isEmpty)
    }

    @Test func openAI() async throws {
        try await FakeOpenAI.withControlledServer(
            apiKey: "sk-k", models: ["gpt-4o"], acceptsAnyModel: false, replyStyle: .sentence
        ) { url in
            try await checkStreams(
                url, chatPath: "/v1/chat/completions",
                body: #"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}"#,
                headers: [("Authorization", "Bearer sk-k")])
            let embedded = try await send(
                .POST, url + "/v1/embeddings", json: #"{"model":"gpt-4o","input":"hi"}"#, headers: [("Authorization", "Bearer sk-k")])
            #expect(embedded.status == 200)
        }
    }

    @Test func azure() async throws {
        try await FakeAzureOpenAI.withControlledServer(apiKey: "az-k", deployments: ["chat", "embed"]) { url in
            try await checkStreams(
                url, chatPath: "/openai/deployments/chat/chat/completions?api-version=2024-10-21",
                body: #"{"messages":[{"role":"user","content":"hi"}],"stream":true}"#, headers: [("api-key", "az-k")])
            let models = try await send(.GET, url + "/openai/models?api-version=2024-10-21", headers: [("api-key", "az-k")])
            let ids = (try models.json()["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["gpt-4o-2024-08-06", "text-embedding-3-small"])
            let log = try JSON.array(Data(try await send(.GET, url + "/_fake/requests").body))
            #expect(log.count == 1 && log.first?["path"] as? String == "/openai/models")
        }
    }

    @Test func ollama() async throws {
        try await FakeOllamaWorld.withWorld { url in
            try await checkStreams(
                url, chatPath: "/v1/chat/completions",
                body: #"{"model":"qwen2.5:0.5b","messages":[{"role":"user","content":"hi"}],"stream":true}"#, headers: [])
        }
    }
}
