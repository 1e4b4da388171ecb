import HangarCore
import HangarTesting
import Providers
import Testing
import Upstream

/// Failures before any HTTP answer, for each API family.
@Suite struct NetworkFailureTests {
    static let families: [ProviderKind] = [.openAICompatible, .azureOpenAI, .ollama]
    let key = "sk-network-test-0123456789SECRET"

    @Test(arguments: families)
    func aClosedPortIsRefused(kind: ProviderKind) async throws {
        try await withClosedPort { port in
            let result = await runTest(ConnectionTarget(kind: kind, baseURL: "http://127.0.0.1:\(port)", apiKey: key))
            expectFailure(result, "refused", at: "reachability", secret: key)
            #expect(result.errorMessage?.contains("Nothing answers at 127.0.0.1:\(port) (connection refused)") == true)
        }
    }

    @Test(arguments: families)
    func anUnknownHostIsADNSFailure(kind: ProviderKind) async {
        let result = await runTest(ConnectionTarget(kind: kind, baseURL: "http://hangar-test.invalid:8080", apiKey: key))
        expectFailure(result, "dns", at: "reachability", secret: key)
        #expect(result.errorMessage?.contains("hangar-test.invalid") == true)
    }

    @Test(arguments: families)
    func httpsToAPlainHTTPServerIsATLSFailure(kind: ProviderKind) async throws {
        try await FakeHTTPServer.withServer(handler: { _ in .json(200, "{}") }) { plain in
            let result = await runTest(ConnectionTarget(kind: kind, baseURL: "https://127.0.0.1:\(plain.port)", apiKey: key))
            expectFailure(result, "tls", at: "reachability", secret: key)
        }
    }

    @Test func anHTTPSToHTTPRedirectIsRefused() async throws {
        try await FakeOpenAI.withServer(apiKey: key) { plain in
            let location = plain.localhostURL + "/v1/models"
            try await FakeOpenAI.withServer(apiKey: key, mode: .redirect(location: location), tls: true) { secure in
                try await withClient(.init(tls: try FakeTLSIdentity.clientConfiguration())) { client in
                    let result = await runTest(
                        ConnectionTarget(kind: .openai, baseURL: secure.baseURL, apiKey: key), client: client)
                    expectFailure(result, "tls", at: "reachability", secret: key)
                    #expect(result.errorMessage?.contains("https to http") == true)
                    #expect(plain.requests.isEmpty)
                }
            }
        }
    }

    @Test func aCompletionCallThatFailsOnTheNetworkFailsTheCompletionStage() async throws {
        try await FakeOpenAI.withServer(apiKey: key) { fake in
            fake.setMode(.redirect(location: "https://127.0.0.1:\(fake.server.port)/elsewhere"), forPath: "/v1/chat/completions")
            let result = await runTest(
                ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, completionModel: "gpt-4o"))
            expectFailure(result, "tls", at: "completion", secret: key)
        }
    }

    @Test func tooManyRedirectsIsABadResponse() async throws {
        try await FakeOpenAI.withServer(apiKey: key) { fake in
            fake.mode = .redirect(location: "/v1/models")
            let result = await runTest(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key))
            expectFailure(result, "bad_response", at: "reachability", secret: key)
            #expect(fake.requests.count == 6)
        }
    }
}
