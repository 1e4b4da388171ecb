import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

@Suite struct OllamaCompletionTests {
    let prompt = "Why is the sky blue?"

    @Test func aCompletionIsOneChatWithoutStreaming() async throws {
        try await FakeOllama.withServer { fake in
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, model: "llama3.2")
            let result = try await CompletionClient().complete(
                CompletionRequest(prompt: prompt, maxTokens: 20, temperature: 0), on: target)

            #expect(result.text == FakeCompletionReply.sentence)
            #expect(result.inputTokens == 5 + FakeCompletionReply.promptOverhead)
            #expect(result.outputTokens == FakeCompletionReply(contents: [prompt], maxTokens: 20).completionTokens)
            #expect(result.finishReason == "stop")
            #expect(result.servedModel == "llama3.2")

            let request = try #require(fake.requests.last)
            #expect(request.method == "POST" && request.uri == "/api/chat")
            #expect(request.header("authorization") == nil)
            let sent = try body(of: request)
            #expect(Set(sent.keys) == ["model", "messages", "stream", "options"])
            #expect(sent["model"] as? String == "llama3.2")
            #expect(sent["messages"] as? [[String: String]] == [["role": "user", "content": prompt]])
            #expect(sent["stream"] as? Bool == false)
            let options = try #require(sent["options"] as? [String: Any])
            #expect(options["num_predict"] as? Int == 20)
            #expect(options["temperature"] as? Double == 0)
        }
    }

    @Test func aShortLimitCutsTheReplyAndNoTemperatureIsSent() async throws {
        try await FakeOllama.withServer { fake in
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL + "/", model: "qwen2.5:0.5b")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: prompt, maxTokens: 2), on: target)
            #expect(result.text == "Hello from")
            #expect(result.outputTokens == 2)
            #expect(result.finishReason == "length")
            let options = try #require(try body(of: fake.requests.last)["options"] as? [String: Any])
            #expect(Set(options.keys) == ["num_predict"])
        }
    }

    @Test func aKeyGoesAsBearerForAProxy() async throws {
        try await FakeOllama.withServer { fake in
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, apiKey: "proxy-key-123456", model: "llama3.2")
            _ = try await CompletionClient().complete(CompletionRequest(prompt: prompt), on: target)
            #expect(fake.requests.last?.header("authorization") == "Bearer proxy-key-123456")
        }
    }

    @Test func aModelNotPulledIsNotFoundWithOllamasWords() async throws {
        try await FakeOllama.withServer { fake in
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, model: "mistral:7b")
            let failure = await expectFailure(target, kind: .notFound, status: 404)
            #expect(failure?.message.contains(#"model "mistral:7b" not found, try pulling it first"#) == true)
            #expect(failure?.message.contains("Pull the model") == true)
        }
    }

    @Test func aProxysRateLimitIsRead() async throws {
        try await FakeOllama.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: "3")
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, model: "llama3.2")
            let failure = await expectFailure(target, kind: .rateLimited, status: 429)
            #expect(failure?.retryAfter == .seconds(3))
            #expect(failure?.message.contains("Too Many Requests") == true)
        }
    }

    @Test func aProxyAskingForAKeySaysWhichKey() async throws {
        try await FakeOllama.withServer(mode: .unauthorized) { fake in
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, model: "llama3.2")
            let failure = await expectFailure(target, kind: .unauthorized, status: 401)
            #expect(failure?.message.contains("a proxy in front of it is asking") == true)
        }
    }
}
