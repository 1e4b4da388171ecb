import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

@Suite struct OpenAIStyleConnectionTests {
    let key = FakeOpenAI.defaultKey

    @Test(arguments: [ProviderKind.mistral, .openai, .openAICompatible])
    func listsTheModelsWithTheBearerKey(kind: ProviderKind) async throws {
        try await FakeOpenAI.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: kind, baseURL: fake.baseURL, apiKey: key))

            #expect(result.success)
            #expect(result.stage == "model_listing")
            #expect(result.modelsFound == 2)
            #expect(result.modelIDs?.count == 2 && result.modelIDs?.allSatisfy { !$0.isEmpty } == true)
            #expect(result.errorCode == nil && result.errorMessage == nil)
            #expect(result.modelTested == nil && result.serverVersion == nil)
            #expect(result.testedAt == "2025-10-09T08:53:20.123Z")
            #expect((result.latencyMS ?? -1) >= 0)
            let request = try #require(fake.requests.first)
            #expect(request.method == "GET" && request.uri == "/v1/models")
            #expect(request.header("authorization") == "Bearer \(key)")
            expectNoSecret(result, key)
        }
    }

    @Test(arguments: ["", "/", "/v1", "/v1/"])
    func aBaseURLWithOrWithoutV1NamesTheSameAPI(suffix: String) async throws {
        try await FakeOpenAI.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL + suffix, apiKey: key))
            #expect(result.success)
            #expect(fake.requests.map(\.uri) == ["/v1/models"])
        }
    }

    @Test func theCompletionStageSendsOneTokenChatCompletion() async throws {
        try await FakeOpenAI.withServer { fake in
            let result = await runTest(
                ConnectionTarget(kind: .mistral, baseURL: fake.baseURL, apiKey: key, completionModel: "gpt-4o-mini"))

            #expect(result.success)
            #expect(result.stage == "completion")
            #expect(result.modelTested == "gpt-4o-mini")
            #expect(result.modelsFound == 2)
            let completion = try #require(fake.requests.last)
            #expect(completion.method == "POST" && completion.uri == "/v1/chat/completions")
            let body = try JSON.object(Data(completion.body))
            #expect(body["model"] as? String == "gpt-4o-mini")
            #expect(body["max_tokens"] as? Int == 1)
            let messages = try #require(body["messages"] as? [[String: String]])
            #expect(messages == [["role": "user", "content": "ping"]])
        }
    }

    @Test(arguments: listingFailures)
    func listingFailuresNameTheirStage(failure: FailureCase) async throws {
        try await FakeOpenAI.withServer(mode: failure.mode) { fake in
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key))
            expectFailure(result, failure.code, at: failure.stage, secret: key)
        }
    }

    @Test func rateLimitingSaysWhenToRetry() async throws {
        try await FakeOpenAI.withServer(mode: .rateLimited(retryAfter: 17)) { fake in
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key))
            #expect(result.errorMessage?.contains("17 s") == true)
        }
    }

    @Test func aWrongKeyIsUnauthorizedAndItsEchoIsRedacted() async throws {
        let wrong = "sk-wrong-9876543210zyxwvuKEYX"
        try await FakeOpenAI.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: wrong))
            expectFailure(result, "unauthorized", at: "authentication", secret: wrong)
            #expect(result.errorMessage?.contains("Check the API key") == true)
            #expect(result.errorMessage?.contains("Incorrect API key provided: [redacted]") == true)
        }
    }

    @Test func noKeyIsUnauthorizedWithAdviceToAddOne() async throws {
        try await FakeOpenAI.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: nil))
            expectFailure(result, "unauthorized", at: "authentication")
            #expect(fake.requests.first?.header("authorization") == nil)
            #expect(result.errorMessage?.contains("no API key") == true)
        }
    }

    @Test func anUnknownModelFailsTheCompletionStage() async throws {
        try await FakeOpenAI.withServer { fake in
            let result = await runTest(
                ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, completionModel: "gpt-9"))
            expectFailure(result, "not_found", at: "completion", secret: key)
            #expect(result.errorMessage?.contains("gpt-9") == true)
        }
    }

    @Test(arguments: [
        FailureCase(mode: .rateLimited(retryAfter: nil), code: "rate_limited", stage: "completion"),
        FailureCase(mode: .serverError, code: "server_error", stage: "completion"),
        FailureCase(mode: .forbidden, code: "forbidden", stage: "completion"),
        FailureCase(mode: .wrongShape, code: "bad_response", stage: "completion"),
    ])
    func completionFailuresNameTheCompletionStage(failure: FailureCase) async throws {
        try await FakeOpenAI.withServer { fake in
            fake.setMode(failure.mode, forPath: "/v1/chat/completions")
            let result = await runTest(
                ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, completionModel: "gpt-4o"))
            expectFailure(result, failure.code, at: failure.stage, secret: key)
        }
    }

    @Test func aSlowModelListTimesOutAtReachability() async throws {
        try await FakeOpenAI.withServer(mode: .slowBody()) { fake in
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key), timeout: .seconds(1))
            expectFailure(result, "timeout", at: "reachability", secret: key)
            // Far below the minute the trickling body would take; loose above, as a loaded machine is slow.
            #expect((result.latencyMS ?? 0) >= 900 && (result.latencyMS ?? .max) < 20_000)
            #expect(result.errorMessage?.contains("within 1 s") == true)
        }
    }

    @Test func aSlowCompletionTimesOutAtCompletion() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.setMode(.slowBody(), forPath: "/v1/chat/completions")
            let result = await runTest(
                ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, completionModel: "gpt-4o"),
                timeout: .seconds(3))
            expectFailure(result, "timeout", at: "completion", secret: key)
        }
    }

    @Test func theKeyDoesNotFollowARedirectToAnotherHost() async throws {
        try await FakeOpenAI.withServer { target in
            try await FakeOpenAI.withServer(mode: .redirect(location: target.localhostURL + "/v1/models")) { origin in
                let result = await runTest(ConnectionTarget(kind: .openai, baseURL: origin.baseURL, apiKey: key))

                expectFailure(result, "unauthorized", at: "authentication", secret: key)
                #expect(origin.requests.first?.header("authorization") == "Bearer \(key)")
                let landed = try #require(target.requests.first)
                #expect(landed.header("authorization") == nil)
                #expect(landed.header("host") == "localhost:\(target.server.port)")
            }
        }
    }

    @Test func anOpenAICompatibleServerWithoutBaseURLIsToldToSetIt() async {
        let result = await runTest(ConnectionTarget(kind: .openAICompatible, baseURL: nil, apiKey: key))
        expectFailure(result, "not_found", at: "reachability", secret: key)
        #expect(result.errorMessage?.contains("Set the base URL") == true)
    }
}
