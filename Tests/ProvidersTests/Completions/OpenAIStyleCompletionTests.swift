import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

@Suite struct OpenAIStyleCompletionTests {
    let key = FakeOpenAI.defaultKey
    let prompt = "Say hello to the tester"

    @Test(arguments: [ProviderKind.mistral, .openai, .openAICompatible])
    func aCompletionReadsTextUsageAndFinishReason(kind: ProviderKind) async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: kind, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o-mini")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: prompt), on: target)

            let expected = FakeCompletionReply(contents: [prompt], maxTokens: 16)
            #expect(result.text == expected.text)
            #expect(result.text == FakeCompletionReply.sentence)
            #expect(result.inputTokens == 5 + FakeCompletionReply.promptOverhead)
            #expect(result.outputTokens == expected.completionTokens)
            #expect(result.finishReason == "stop")
            #expect(result.servedModel == "gpt-4o-mini")
            #expect(result.latency > .zero)
        }
    }

    @Test func theRequestIsOpenAIsChatCompletionWithTheBearerKey() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            _ = try await CompletionClient().complete(CompletionRequest(prompt: prompt, maxTokens: 5), on: target)

            let request = try #require(fake.requests.last)
            #expect(request.method == "POST" && request.uri == "/v1/chat/completions")
            #expect(request.header("authorization") == "Bearer \(key)")
            #expect(request.header("content-type") == "application/json")
            #expect(request.header("api-key") == nil)
            let sent = try body(of: request)
            #expect(Set(sent.keys) == ["model", "messages", "max_tokens", "stream"])
            #expect(sent["model"] as? String == "gpt-4o")
            #expect(sent["messages"] as? [[String: String]] == [["role": "user", "content": prompt]])
            #expect(sent["max_tokens"] as? Int == 5)
            #expect(sent["stream"] as? Bool == false)
        }
    }

    @Test func aTemperatureIsSentOnlyWhenSet() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .mistral, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            _ = try await CompletionClient().complete(CompletionRequest(prompt: prompt, temperature: 0.2), on: target)
            #expect(try body(of: fake.requests.last)["temperature"] as? Double == 0.2)
        }
    }

    @Test func aShortLimitCutsTheReplyAndSaysSo() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: prompt, maxTokens: 3), on: target)
            #expect(result.text == "Hello from the")
            #expect(result.outputTokens == 3)
            #expect(result.finishReason == "length")
        }
    }

    @Test(arguments: ["", "/", "/v1", "/v1/"])
    func aBaseURLWithOrWithoutV1NamesTheSameAPI(suffix: String) async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: fake.baseURL + suffix, apiKey: key, model: "gpt-4o")
            _ = try await CompletionClient().complete(CompletionRequest(prompt: prompt), on: target)
            #expect(fake.requests.map(\.uri) == ["/v1/chat/completions"])
        }
    }

    @Test func aServerWithoutKeysGetsNoAuthorizationHeader() async throws {
        try await FakeOpenAI.withServer(apiKey: nil) { fake in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: fake.baseURL, apiKey: "", model: "gpt-4o")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: prompt), on: target)
            #expect(result.text == FakeCompletionReply.sentence)
            #expect(fake.requests.last?.header("authorization") == nil)
        }
    }

    @Test func aWrongKeyIsUnauthorizedAndItsMaskedEchoIsRedacted() async throws {
        let wrong = "sk-wrong-9876543210zyxwvuKEYX"
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: wrong, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .unauthorized, status: 401, secret: wrong)
            #expect(failure?.message.contains("Check the API key") == true)
            #expect(failure?.message.contains("Incorrect API key provided: [redacted]") == true)
        }
    }

    @Test func noKeyAtAllSaysToAddOne() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .unauthorized, status: 401)
            #expect(failure?.message.contains("no API key: add one") == true)
            #expect(failure?.message.contains("You didn't provide an API key") == true)
        }
    }

    @Test func anUnknownModelIsNotFoundWithOpenAIsWords() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-9")
            let failure = await expectFailure(target, kind: .notFound, status: 404, secret: key)
            #expect(failure?.message.contains("model \"gpt-9\"") == true)
            #expect(failure?.message.contains("The model `gpt-9` does not exist") == true)
            #expect(failure?.message.contains("model_not_found") == true)
        }
    }

    @Test func aLimitBelowOneIsABadRequest() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let failure = await expectFailure(
                target, CompletionRequest(prompt: prompt, maxTokens: 0), kind: .badRequest, status: 400, secret: key)
            #expect(failure?.message.contains("Invalid 'max_tokens'") == true)
        }
    }

    @Test func aRateLimitCarriesRetryAfterInSeconds() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: "7")
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .rateLimited, status: 429, secret: key)
            #expect(failure?.retryAfter == .seconds(7))
            #expect(failure?.message.contains("try again in 7 s") == true)
            #expect(failure?.message.contains("Rate limit reached for gpt-4o") == true)
            let answer = try #require(fake.requests.last)
            #expect(answer.uri == "/v1/chat/completions")
        }
    }

    @Test func aRateLimitCarriesRetryAfterAsAnHTTPDate() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: httpDate(secondsFromNow: 300))
            let target = CompletionTarget(kind: .mistral, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .rateLimited, status: 429, secret: key)
            let wait = try #require(failure?.retryAfter)
            #expect(wait > .seconds(240) && wait <= .seconds(300), "a date 5 minutes ahead, read however busy the machine is")
        }
    }

    @Test func aRateLimitWithoutRetryAfterLeavesTheWaitOpen() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: nil)
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .rateLimited, status: 429, secret: key)
            #expect(failure?.retryAfter == nil)
            #expect(failure?.message.contains("try again in a moment") == true)
        }
    }

    @Test func aServerErrorIsTheUpstreamsProblem() async throws {
        try await FakeOpenAI.withServer(mode: .serverError) { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .upstreamError, status: 500, secret: key)
            #expect(failure?.message.contains("The server had an error while processing your request") == true)
            #expect(failure?.retryAfter == nil)
        }
    }
}
