import HangarCore
import Testing

@testable import Providers

/// The public APIs' own addresses, checked without calling them.
@Suite struct DefaultEndpointTests {
    @Test(arguments: [
        (ProviderKind.mistral, "https://api.mistral.ai/v1/chat/completions"),
        (.openai, "https://api.openai.com/v1/chat/completions"),
    ])
    func mistralAndOpenAIDefaultToTheirPublicAPI(kind: ProviderKind, url: String) throws {
        let call = try CompletionCall(CompletionRequest(prompt: "hi"), on: CompletionTarget(kind: kind, apiKey: "k", model: "m"))
        #expect(call.upstream.url == url)
        #expect(call.upstream.method == .post)
        #expect(call.upstream.headers["authorization"] == "Bearer k")
    }

    @Test func anEmptyAPIVersionFallsBackToTheDefault() throws {
        let target = CompletionTarget(
            kind: .azureOpenAI, baseURL: "https://res.openai.azure.com", apiKey: "k", apiVersion: "", model: "chat")
        let call = try CompletionCall(CompletionRequest(prompt: "hi"), on: target)
        #expect(call.upstream.url == "https://res.openai.azure.com/openai/deployments/chat/chat/completions?api-version=2024-10-21")
        #expect(call.upstream.headers["api-key"] == "k")
    }

    @Test func aNonFiniteTemperatureIsLeftOut() throws {
        let target = CompletionTarget(kind: .openAICompatible, baseURL: "http://127.0.0.1:8000/v1", model: "m")
        let call = try CompletionCall(CompletionRequest(prompt: "hi", temperature: .nan), on: target)
        let body = String(decoding: call.upstream.body ?? [], as: UTF8.self)
        #expect(body == #"{"max_tokens":16,"messages":[{"content":"hi","role":"user"}],"model":"m","stream":false}"#)
    }
}
