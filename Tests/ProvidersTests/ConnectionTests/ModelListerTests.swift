import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

/// Discovery's listing of each kind, against fakes that answer in the real wire formats.
@Suite struct ModelListerTests {
    let lister = ModelLister(now: { fixedNow })

    @Test func openAIListsModelsWithTheirOwner() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o", "o3-mini"]) { fake in
            let listed = try await lister.list(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: FakeOpenAI.defaultKey))
            #expect(listed == [ListedModel(id: "gpt-4o", ownedBy: "system"), ListedModel(id: "o3-mini", ownedBy: "system")])
            #expect(fake.requests.map(\.uri) == ["/v1/models"])
        }
    }

    @Test func mistralAndCompatibleServersTakeTheBaseURLWithOrWithoutV1() async throws {
        try await FakeOpenAI.withServer(apiKey: nil, models: ["mistral-large-latest"]) { fake in
            let mistral = try await lister.list(ConnectionTarget(kind: .mistral, baseURL: fake.baseURL + "/v1", apiKey: "k"))
            let compatible = try await lister.list(ConnectionTarget(kind: .openAICompatible, baseURL: fake.baseURL))
            #expect(mistral.map(\.id) == ["mistral-large-latest"])
            #expect(compatible.map(\.id) == ["mistral-large-latest"])
            #expect(fake.requests.map(\.uri) == ["/v1/models", "/v1/models"])
        }
    }

    @Test func azureListsDeploymentsWithTheirModel() async throws {
        try await FakeAzureOpenAI.withServer(deployments: ["chat", "embeddings-small"]) { fake in
            let listed = try await lister.list(
                ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiVersion: "2024-10-21", apiKey: FakeAzureOpenAI.defaultKey))
            #expect(listed.map(\.id) == ["chat", "embeddings-small"])
            #expect(listed.map(\.upstreamModel) == ["gpt-4o", "text-embedding-3-small"])
            let request = try #require(fake.requests.first)
            #expect(request.uri == "/openai/deployments?api-version=2022-12-01")
            #expect(request.header("api-key") == FakeAzureOpenAI.defaultKey)
        }
    }

    @Test func ollamaListsTagsWithTheirSize() async throws {
        try await FakeOllama.withServer(models: ["llama3.2:latest"]) { fake in
            let listed = try await lister.list(ConnectionTarget(kind: .ollama, baseURL: fake.baseURL))
            #expect(listed.map(\.id) == ["llama3.2:latest"])
            #expect((listed.first?.sizeBytes ?? 0) > 0)
            #expect(fake.requests.map(\.uri) == ["/api/tags"])
        }
    }

    @Test func aRejectedKeyIsA502WithTheTestsMessageAndNoKey() async throws {
        let key = "sk-wrong-0123456789SECRET"
        try await FakeOpenAI.withServer { fake in
            let error = await #expect(throws: HangarError.self) {
                try await lister.list(ConnectionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key))
            }
            #expect(error?.kind == .upstream && error?.code == .upstreamUnauthorized)
            #expect(error?.message.contains("HTTP 401") == true)
            expectNoSecret(error?.message ?? "", key)
        }
    }

    @Test func anUnreachableServerIsA502() async throws {
        try await withUnreachableBaseURL { url in
            let error = await #expect(throws: HangarError.self) {
                try await lister.list(ConnectionTarget(kind: .ollama, baseURL: url))
            }
            #expect(error?.kind == .upstream && error?.code == .upstreamUnreachable)
            #expect(error?.message.isEmpty == false)
        }
    }

    @Test func aWrongShapeIsAnInvalidResponse() async throws {
        try await FakeAzureOpenAI.withServer(mode: .wrongShape) { fake in
            let error = await #expect(throws: HangarError.self) {
                try await lister.list(ConnectionTarget(kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: FakeAzureOpenAI.defaultKey))
            }
            #expect(error?.code == .upstreamInvalidResponse)
        }
    }
}
