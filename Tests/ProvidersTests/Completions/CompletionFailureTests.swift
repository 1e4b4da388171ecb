import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

/// Failures that are the same whatever the provider: the network, the answer's shape, the setup.
@Suite struct CompletionFailureTests {
    let key = "sk-proj-Abc123Def456Ghi789KEYX"

    @Test func aPortWhereNothingListensIsUnreachable() async throws {
        try await withUnreachableBaseURL { url in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: url, apiKey: key, model: "m")
            let failure = await expectFailure(target, kind: .unreachable, secret: key)
            #expect(failure?.message.contains("connection refused") == true)
        }
    }

    @Test func aSilentServerTimesOut() async throws {
        try await FakeOpenAI.withServer(mode: .silent) { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: FakeOpenAI.defaultKey, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .timeout, timeout: .milliseconds(300))
            #expect(failure?.message.contains("within 0.3 s") == true)
        }
    }

    @Test(.timeLimit(.minutes(1))) func aHeldAnswerTimesOutAndTheFakeStillStops() async throws {
        try await FakeOllama.withServer { fake in
            fake.completions.hold()
            let target = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, model: "llama3.2")
            async let failure = expectFailure(target, kind: .timeout, timeout: .seconds(1))
            // Held at the fake, not lost on the way: the client gives up on an answer that is coming.
            await fake.completions.waitForInFlight(1)
            _ = await failure
            #expect(fake.completions.inFlight == 1)
        }
    }

    @Test func aBodyCutMidJSONIsInvalid() async throws {
        let partial = Array(#"{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assi"#.utf8)
        let cut = FakeResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: .cut(declaredLength: 400, sent: partial))
        try await withServer(answering: cut) { server in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: server.baseURL, model: "m")
            let failure = await expectFailure(target, kind: .invalidResponse)
            #expect(failure?.message.contains("before a full answer arrived") == true)
        }
    }

    @Test func aCompleteButTruncatedJSONBodyIsInvalid() async throws {
        try await withServer(answering: .json(200, #"{"id":"chatcmpl-1","choices":[{"message":{"content":"Hel"#)) { server in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: server.baseURL, model: "m")
            let failure = await expectFailure(target, kind: .invalidResponse, status: 200)
            #expect(failure?.message.contains("not valid JSON") == true)
        }
    }

    @Test func anAnswerWithoutChoicesIsInvalid() async throws {
        try await withServer(answering: .json(200, #"{"id":"chatcmpl-1","object":"chat.completion","choices":[]}"#)) { server in
            let target = CompletionTarget(kind: .mistral, baseURL: server.baseURL, model: "m")
            let failure = await expectFailure(target, kind: .invalidResponse, status: 200)
            #expect(failure?.message.contains("no choices") == true)
        }
    }

    @Test func nullContentAndListContentAreRead() async throws {
        let null = #"{"model":"m","choices":[{"message":{"role":"assistant","content":null},"finish_reason":"tool_calls"}]}"#
        try await withServer(answering: .json(200, null)) { server in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: server.baseURL, model: "m")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: "hi"), on: target)
            #expect(result.text == "")
            #expect(result.finishReason == "tool_calls")
            #expect(result.inputTokens == nil && result.outputTokens == nil)
        }
        let parts =
            #"{"model":"magistral-small-2509","choices":[{"message":{"content":[{"type":"thinking","thinking":[]},{"type":"text","text":"Hi there"}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#
        try await withServer(answering: .json(200, parts)) { server in
            let target = CompletionTarget(kind: .mistral, baseURL: server.baseURL, model: "magistral-small-latest")
            let result = try await CompletionClient().complete(CompletionRequest(prompt: "hi"), on: target)
            #expect(result.text == "Hi there")
            #expect(result.servedModel == "magistral-small-2509")
            #expect(result.inputTokens == 3 && result.outputTokens == 2)
        }
    }

    @Test func anErrorInsideA200IsTheUpstreamsError() async throws {
        try await withServer(answering: .json(200, #"{"error":"model runner has unexpectedly stopped"}"#)) { server in
            let target = CompletionTarget(kind: .ollama, baseURL: server.baseURL, model: "llama3.2")
            let failure = await expectFailure(target, kind: .upstreamError, status: 200)
            #expect(failure?.message.contains("model runner has unexpectedly stopped") == true)
        }
    }

    @Test func aKeyEchoedInFullIsRedacted() async throws {
        let echo = FakeResponse.json(
            401, #"{"error":{"message":"Invalid API key \#(key) for this project","type":"invalid_request_error"}}"#)
        try await withServer(answering: echo) { server in
            let target = CompletionTarget(kind: .openAICompatible, baseURL: server.baseURL, apiKey: key, model: "m")
            let failure = await expectFailure(target, kind: .unauthorized, status: 401, secret: key)
            #expect(failure?.message.contains("Invalid API key [redacted] for this project") == true)
        }
    }

    @Test func mistralsValidationErrorsAreQuoted() async throws {
        let invalid = FakeResponse.json(
            422,
            #"{"object":"error","message":{"detail":[{"type":"missing","loc":["body","messages"],"msg":"Field required","input":{}}]},"type":"invalid_request_message_error","param":null,"code":null}"#
        )
        try await withServer(answering: invalid) { server in
            let target = CompletionTarget(kind: .mistral, baseURL: server.baseURL, apiKey: key, model: "mistral-small-latest")
            let failure = await expectFailure(target, kind: .badRequest, status: 422, secret: key)
            #expect(failure?.message.contains("body.messages: Field required") == true)
        }
    }

    @Test func aLongUpstreamMessageIsShortened() async throws {
        let long = String(repeating: "overloaded ", count: 100)
        try await withServer(answering: .json(503, #"{"message":"\#(long)"}"#, headers: [("Retry-After", "12")])) { server in
            let target = CompletionTarget(kind: .mistral, baseURL: server.baseURL, model: "m")
            let failure = await expectFailure(target, kind: .upstreamError, status: 503)
            #expect(failure?.retryAfter == .seconds(12))
            let message = try #require(failure?.message)
            #expect(message.count < 600)
            #expect(message.contains("overloaded overloaded") && message.contains("…"))
        }
    }

    @Test func anUntrustedCertificateIsATLSFailure() async throws {
        try await FakeOpenAI.withServer(tls: true) { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: FakeOpenAI.defaultKey, model: "gpt-4o")
            let failure = await expectFailure(target, kind: .tls)
            #expect(failure?.message.contains("certificate") == true)
        }
    }

    @Test func theLocalKindIsNotSupported() async {
        let target = CompletionTarget(kind: .local, baseURL: "http://127.0.0.1:1", model: "llama.gguf")
        _ = await expectFailure(target, kind: .notSupported)
    }

    @Test(arguments: [ProviderKind.azureOpenAI, .ollama, .openAICompatible])
    func kindsWithoutADefaultNeedABaseURL(kind: ProviderKind) async {
        for base in [nil, "", "  "] {
            let failure = await expectFailure(CompletionTarget(kind: kind, baseURL: base, model: "m"), kind: .notConfigured)
            #expect(failure?.message.contains("Set the base URL") == true)
        }
    }

    @Test func aBaseURLThatIsNotHTTPIsNotConfigured() async {
        let target = CompletionTarget(kind: .openAICompatible, baseURL: "ftp://example.com", model: "m")
        let failure = await expectFailure(target, kind: .notConfigured)
        #expect(failure?.message.contains("not a valid http(s) address") == true)
    }

    @Test func aModelWithoutANameIsNotConfigured() async throws {
        try await FakeOpenAI.withServer { fake in
            let target = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: FakeOpenAI.defaultKey, model: " ")
            _ = await expectFailure(target, kind: .notConfigured)
            #expect(fake.requests.isEmpty)
        }
    }
}
