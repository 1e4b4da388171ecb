import Foundation
import HangarTesting
import Providers
import Testing

@Suite struct OllamaConnectionTests {
    @Test func readsTheVersionAndListsTheModels() async throws {
        try await FakeOllama.withServer(version: "0.5.7") { fake in
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL))

            #expect(result.success)
            #expect(result.stage == "model_listing")
            #expect(result.serverVersion == "0.5.7")
            #expect(result.modelsFound == 2)
            #expect(result.modelIDs?.count == 2)
            #expect(fake.requests.map(\.uri) == ["/api/version", "/api/tags"])
            #expect(fake.requests.allSatisfy { $0.header("authorization") == nil })
        }
    }

    @Test func theCompletionStageGeneratesOneToken() async throws {
        try await FakeOllama.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL, completionModel: "llama3.2"))

            #expect(result.success)
            #expect(result.stage == "completion")
            #expect(result.modelTested == "llama3.2")
            #expect(result.serverVersion == "0.5.7")
            let generate = try #require(fake.requests.last)
            #expect(generate.method == "POST" && generate.uri == "/api/generate")
            let body = try JSON.object(Data(generate.body))
            #expect(body["model"] as? String == "llama3.2")
            #expect(body["prompt"] as? String == "ping")
            #expect(body["stream"] as? Bool == false)
            #expect((body["options"] as? [String: Int]) == ["num_predict": 1])
        }
    }

    @Test func aModelThatIsNotPulledFailsTheCompletionStage() async throws {
        try await FakeOllama.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL, completionModel: "mistral:7b"))
            expectFailure(result, "not_found", at: "completion")
            #expect(result.errorMessage?.contains("pull it") == true)
        }
    }

    @Test(arguments: [
        FailureCase(mode: .notFound, code: "not_found", stage: "reachability"),
        FailureCase(mode: .malformedJSON, code: "bad_response", stage: "reachability"),
        FailureCase(mode: .wrongShape, code: "bad_response", stage: "reachability"),
        FailureCase(mode: .serverError, code: "server_error", stage: "reachability"),
        FailureCase(mode: .rateLimited(retryAfter: 3), code: "rate_limited", stage: "reachability"),
        FailureCase(mode: .unauthorized, code: "unauthorized", stage: "authentication"),
        FailureCase(mode: .forbidden, code: "forbidden", stage: "authentication"),
    ])
    func versionFailuresNameTheirStage(failure: FailureCase) async throws {
        try await FakeOllama.withServer { fake in
            fake.setMode(failure.mode, forPath: "/api/version")
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL, apiKey: "proxy-key-SECRET"))
            expectFailure(result, failure.code, at: failure.stage, secret: "proxy-key-SECRET")
            #expect(fake.requests.count == 1)
        }
    }

    @Test(arguments: listingFailures)
    func tagFailuresNameTheirStage(failure: FailureCase) async throws {
        try await FakeOllama.withServer { fake in
            fake.setMode(failure.mode, forPath: "/api/tags")
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL, apiKey: "proxy-key-SECRET"))
            expectFailure(result, failure.code, at: failure.stage, secret: "proxy-key-SECRET")
        }
    }

    @Test func queuedModesApplyToTheNextRequestsOnly() async throws {
        try await FakeOllama.withServer { fake in
            fake.queueModes(.normal, .serverError)
            let failed = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL))
            expectFailure(failed, "server_error", at: "model_listing")
            #expect(failed.serverVersion == nil)

            let passed = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL))
            #expect(passed.success)
        }
    }

    @Test func aKeyIsSentAsBearerForAProxyInFront() async throws {
        try await FakeOllama.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL, apiKey: "proxy-key-SECRET"))
            #expect(result.success)
            #expect(fake.requests.first?.header("authorization") == "Bearer proxy-key-SECRET")
            expectNoSecret(result, "proxy-key-SECRET")
        }
    }

    @Test func aSlowVersionTimesOutAtReachability() async throws {
        try await FakeOllama.withServer(mode: .slowBody()) { fake in
            // The version body is short (about 2 s at one byte per 100 ms): the budget must be shorter.
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL), timeout: .seconds(1))
            expectFailure(result, "timeout", at: "reachability")
        }
    }

    @Test func aSilentTagListTimesOutAtModelListing() async throws {
        try await FakeOllama.withServer { fake in
            fake.setMode(.silent, forPath: "/api/tags")
            let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL), timeout: .seconds(3))
            expectFailure(result, "timeout", at: "model_listing")
        }
    }

    @Test func aMissingBaseURLIsToldToSetIt() async {
        let result = await runTest(ConnectionTarget(kind: .ollama, baseURL: nil))
        expectFailure(result, "not_found", at: "reachability")
        #expect(result.errorMessage?.contains("http://localhost:11434") == true)
    }
}
