import Foundation
import HangarTesting
import Providers
import Testing

@Suite struct AzureConnectionTests {
    let key = FakeAzureOpenAI.defaultKey

    @Test func listsTheModelsWithTheAPIKeyHeaderAndVersion() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let result = await runTest(
                ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL + "/", apiVersion: "2024-06-01", apiKey: key))

            #expect(result.success)
            #expect(result.stage == "model_listing")
            #expect(result.modelsFound == 2)
            let request = try #require(fake.requests.first)
            #expect(request.method == "GET" && request.uri == "/openai/models?api-version=2024-06-01")
            #expect(request.header("api-key") == key)
            #expect(request.header("authorization") == nil)
            expectNoSecret(result, key)
        }
    }

    @Test func withoutAVersionTheCurrentGAVersionIsUsed() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL + "/openai", apiKey: key))
            #expect(result.success)
            #expect(fake.requests.first?.uri == "/openai/models?api-version=2024-10-21")
        }
    }

    @Test func theCompletionStageCallsTheDeployment() async throws {
        try await FakeAzureOpenAI.withServer(deployments: ["chat prod"]) { fake in
            let result = await runTest(
                ConnectionTarget(
                    kind: .azureOpenAI, baseURL: fake.baseURL, apiVersion: "2024-10-21", apiKey: key,
                    completionModel: "chat prod"))

            #expect(result.success)
            #expect(result.stage == "completion")
            #expect(result.modelTested == "chat prod")
            let completion = try #require(fake.requests.last)
            #expect(completion.method == "POST")
            #expect(completion.uri == "/openai/deployments/chat%20prod/chat/completions?api-version=2024-10-21")
            let body = try JSON.object(Data(completion.body))
            #expect(body["max_tokens"] as? Int == 1)
            #expect(body["model"] == nil)
        }
    }

    @Test func anUnknownDeploymentFailsTheCompletionStage() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let result = await runTest(
                ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key, completionModel: "missing"))
            expectFailure(result, "not_found", at: "completion", secret: key)
            #expect(result.errorMessage?.contains("deployment") == true)
        }
    }

    @Test(arguments: listingFailures)
    func listingFailuresNameTheirStage(failure: FailureCase) async throws {
        try await FakeAzureOpenAI.withServer(mode: failure.mode) { fake in
            let result = await runTest(ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key))
            expectFailure(result, failure.code, at: failure.stage, secret: key)
        }
    }

    @Test func aWrongKeyIsUnauthorized() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let result = await runTest(ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: "not-the-key-0000"))
            expectFailure(result, "unauthorized", at: "authentication", secret: "not-the-key-0000")
            #expect(result.errorMessage?.contains("Access denied") == true)
        }
    }

    @Test func aSlowModelListTimesOut() async throws {
        try await FakeAzureOpenAI.withServer(mode: .slowBody()) { fake in
            let result = await runTest(
                ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: key), timeout: .seconds(3))
            expectFailure(result, "timeout", at: "reachability", secret: key)
        }
    }

    @Test func theKeyDoesNotFollowARedirectToAnotherHost() async throws {
        try await FakeAzureOpenAI.withServer { target in
            let location = target.localhostURL + "/openai/models?api-version=2024-10-21"
            try await FakeAzureOpenAI.withServer(mode: .redirect(status: 307, location: location)) { origin in
                let result = await runTest(ConnectionTarget(kind: .azureOpenAI, baseURL: origin.baseURL, apiKey: key))

                expectFailure(result, "unauthorized", at: "authentication", secret: key)
                #expect(origin.requests.first?.header("api-key") == key)
                let landed = try #require(target.requests.first)
                #expect(landed.header("api-key") == nil)
                #expect(landed.uri == "/openai/models?api-version=2024-10-21")
            }
        }
    }

    @Test func aMissingEndpointIsToldToSetIt() async {
        let result = await runTest(ConnectionTarget(kind: .azureOpenAI, baseURL: "  ", apiKey: key))
        expectFailure(result, "not_found", at: "reachability", secret: key)
        #expect(result.errorMessage?.contains("openai.azure.com") == true)
    }
}
