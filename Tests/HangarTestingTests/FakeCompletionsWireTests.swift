import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

/// The fakes' completions as they travel: the shapes real clients meet.
@Suite struct FakeCompletionsWireTests {
    let chat =
        #"{"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Name three colours"}],"max_tokens":4}"#

    func openAI(_ fake: FakeOpenAI, _ json: String) async throws -> Reply {
        try await send(
            .POST, fake.baseURL + "/v1/chat/completions", json: json, headers: [("Authorization", "Bearer \(FakeOpenAI.defaultKey)")])
    }

    @Test func usageFollowsTheDocumentedRule() async throws {
        try await FakeOpenAI.withServer { fake in
            let answer = try await openAI(fake, chat).json()
            // 2 + 3 words of content, plus the fixed overhead; 4 words of the sentence.
            let usage = try #require(answer["usage"] as? [String: Int])
            #expect(usage == ["prompt_tokens": 12, "completion_tokens": 4, "total_tokens": 16])
            #expect(FakeCompletionReply.promptOverhead == 7)
            let choice = try #require((answer["choices"] as? [[String: Any]])?.first)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "Hello from the fake")
            #expect(choice["finish_reason"] as? String == "length")
            #expect(answer["model"] as? String == "gpt-4o")
            #expect(answer["object"] as? String == "chat.completion")
            #expect(FakeCompletionReply(contents: ["Be brief.", "Name three colours"], maxTokens: 4).promptTokens == 12)
        }
    }

    @Test func openAIsRateLimitHasItsBodyAndHeaders() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: nil)
            let limited = try await openAI(fake, chat)
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"].isEmpty && limited.headers["retry-after-ms"].isEmpty)
            #expect(limited.headers.first(name: "x-ratelimit-remaining-requests") == "0")
            #expect(limited.headers.first(name: "x-ratelimit-reset-requests") == "1s")
            let error = try #require(try limited.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "rate_limit_exceeded" && error["type"] as? String == "requests")
            #expect(JSON.isNull(error, "param"))
            #expect((error["message"] as? String)?.hasPrefix("Rate limit reached for gpt-4o in organization") == true)
            #expect(try await openAI(fake, chat).status == 200)
        }
    }

    @Test func azuresRateLimitSendsBothRetryHeaders() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: "2", retryAfterMilliseconds: 2000)
            let limited = try await send(
                .POST, fake.baseURL + "/openai/deployments/chat/chat/completions?api-version=2024-10-21",
                json: #"{"messages":[{"role":"user","content":"hi"}]}"#, headers: [("api-key", FakeAzureOpenAI.defaultKey)])
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "retry-after") == "2")
            #expect(limited.headers.first(name: "retry-after-ms") == "2000")
            let error = try #require(try limited.json()["error"] as? [String: String])
            #expect(error["code"] == "429")
            #expect(error["message"]?.contains("API version 2024-10-21 have exceeded call rate limit") == true)
            #expect(error["message"]?.contains("Please retry after 2 seconds.") == true)
        }
    }

    @Test func azureAnswersCarryContentFilterResults() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let answer = try await send(
                .POST, fake.baseURL + "/openai/deployments/chat/chat/completions?api-version=2024-10-21",
                json: #"{"messages":[{"role":"user","content":"hi"}]}"#, headers: [("api-key", FakeAzureOpenAI.defaultKey)]
            ).json()
            #expect(answer["prompt_filter_results"] is [[String: Any]])
            let choice = try #require((answer["choices"] as? [[String: Any]])?.first)
            #expect(choice["content_filter_results"] is [String: Any])
            #expect(choice["finish_reason"] as? String == "stop")
        }
    }
}

@Suite struct FakeOllamaChatTests {
    let chat = #"{"model":"llama3.2","messages":[{"role":"user","content":"Why is the sky blue?"}],"options":{"num_predict":3}"#

    @Test func aChatStreamsOneWordALineThenTheTotals() async throws {
        try await FakeOllama.withServer { fake in
            let reply = try await send(.POST, fake.baseURL + "/api/chat", json: chat + "}")
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "content-type") == "application/x-ndjson")
            let lines = try reply.lines()
            #expect(lines.count == 4)
            let words = lines.compactMap { ($0["message"] as? [String: String])?["content"] }
            #expect(words == ["Hello", " from", " the", ""])
            #expect(lines.dropLast().allSatisfy { $0["done"] as? Bool == false && $0["eval_count"] == nil })
            let last = try #require(lines.last)
            #expect(last["done"] as? Bool == true && last["done_reason"] as? String == "length")
            #expect(last["prompt_eval_count"] as? Int == 5 + FakeCompletionReply.promptOverhead)
            #expect(last["eval_count"] as? Int == 3)
            #expect((last["total_duration"] as? Int ?? 0) > 0)
        }
    }

    @Test func streamFalseAnswersOneObjectAndLoadsTheModel() async throws {
        try await FakeOllama.withServer { fake in
            let answer = try await send(.POST, fake.baseURL + "/api/chat", json: chat + #","stream":false}"#).json()
            #expect((answer["message"] as? [String: String]) == ["role": "assistant", "content": "Hello from the"])
            #expect(answer["model"] as? String == "llama3.2")
            #expect(answer["done"] as? Bool == true && answer["done_reason"] as? String == "length")
            #expect(answer["prompt_eval_count"] as? Int == 12 && answer["eval_count"] as? Int == 3)
            #expect(fake.loadedModels == ["llama3.2:latest"])
            #expect(fake.completions.calls == 1)
        }
    }

    @Test func aModelThatIsNotInstalledIsA404() async throws {
        try await FakeOllama.withServer { fake in
            let reply = try await send(
                .POST, fake.baseURL + "/api/chat", json: #"{"model":"phi3","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(reply.status == 404)
            #expect(try reply.json()["error"] as? String == #"model "phi3" not found, try pulling it first"#)
            #expect(fake.completions.calls == 1 && fake.completions.maxInFlight == 0)
        }
    }

    @Test func noMessagesOnlyLoads() async throws {
        try await FakeOllama.withServer { fake in
            let answer = try await send(.POST, fake.baseURL + "/api/chat", json: #"{"model":"qwen2.5:0.5b"}"#).json()
            #expect(answer["done_reason"] as? String == "load")
            #expect(fake.loadedModels == ["qwen2.5:0.5b"])
        }
    }

    @Test func aProxysRateLimitIsPlain() async throws {
        try await FakeOllama.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: "5")
            let reply = try await send(.POST, fake.baseURL + "/api/chat", json: chat + "}")
            #expect(reply.status == 429)
            #expect(reply.headers.first(name: "retry-after") == "5")
            #expect(reply.text == "Too Many Requests\n")
        }
    }
}
