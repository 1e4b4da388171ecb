import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

@Suite struct AzureCompletionTests {
    let key = FakeAzureOpenAI.defaultKey
    let prompt = "Summarise this in one line"

    @Test func aCompletionGoesToTheDeploymentWithTheAPIKeyHeader() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key, model: "chat")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: prompt, maxTokens: 4), on: target)

            #expect(result.text == "Hello from the fake")
            #expect(result.inputTokens == 5 + FakeCompletionReply.promptOverhead)
            #expect(result.outputTokens == 4)
            #expect(result.finishReason == "length")
            #expect(result.servedModel == "gpt-4o-2024-08-06")

            let request = try #require(fake.requests.last)
            #expect(request.method == "POST")
            #expect(request.uri == "/openai/deployments/chat/chat/completions?api-version=2024-10-21")
            #expect(request.header("api-key") == key)
            #expect(request.header("authorization") == nil)
            let sent = try body(of: request)
            #expect(Set(sent.keys) == ["messages", "max_tokens", "stream"])
            #expect(sent["messages"] as? [[String: String]] == [["role": "user", "content": prompt]])
            #expect(sent["max_tokens"] as? Int == 4)
            #expect(sent["stream"] as? Bool == false)
        }
    }

    @Test(arguments: ["", "/", "/openai", "/openai/"])
    func theEndpointMayEndInOpenAI(suffix: String) async throws {
        try await FakeAzureOpenAI.withServer(deployments: ["gpt 4o mini"]) { fake in
            let target = CompletionTarget(
                kind: .azureOpenAI, baseURL: fake.baseURL + suffix, apiKey: key, apiVersion: "2025-01-01-preview",
                model: "gpt 4o mini")
            _ = try await CompletionClient().complete(CompletionRequest(prompt: prompt), on: target)
            #expect(
                fake.requests.map(\.uri) == ["/openai/deployments/gpt%204o%20mini/chat/completions?api-version=2025-01-01-preview"])
        }
    }

    @Test func aWrongKeyIsUnauthorized() async throws {
        let wrong = "ffffffffffffffffffffffffffffWRONG"
        try await FakeAzureOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: wrong, model: "chat")
            let failure = await expectFailure(target, kind: .unauthorized, status: 401, secret: wrong)
            #expect(failure?.message.contains("one of the two keys of this Azure OpenAI resource") == true)
            #expect(failure?.message.contains("Access denied due to invalid subscription key") == true)
        }
    }

    @Test func anUnknownDeploymentIsNotFoundWithAzuresCode() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .notFound, status: 404, secret: key)
            #expect(failure?.message.contains("deployment \"gpt-4o\"") == true)
            #expect(failure?.message.contains("(DeploymentNotFound)") == true)
            #expect(failure?.message.contains("API version (2024-10-21)") == true)
        }
    }

    @Test func aRateLimitPrefersRetryAfterMilliseconds() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: "2", retryAfterMilliseconds: 1500)
            let target = CompletionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key, model: "chat")
            let failure = await expectFailure(target, kind: .rateLimited, status: 429, secret: key)
            #expect(failure?.retryAfter == .milliseconds(1500))
            #expect(failure?.message.contains("API version 2024-10-21 have exceeded call rate limit") == true)
        }
    }

    @Test func aRateLimitWithOnlyRetryAfterMillisecondsIsRead() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: nil, retryAfterMilliseconds: 250)
            let target = CompletionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key, model: "chat")
            let failure = await expectFailure(target, kind: .rateLimited, status: 429, secret: key)
            #expect(failure?.retryAfter == .milliseconds(250))
        }
    }
}
