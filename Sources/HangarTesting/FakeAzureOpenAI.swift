import Foundation

/// Azure OpenAI: `GET /openai/models?api-version=…`, `GET /openai/deployments?api-version=…`,
/// `POST /openai/deployments/{deployment}/chat/completions?api-version=…` (streamed as
/// `FakeChatStream` writes, or not) and `POST /openai/deployments/{deployment}/embeddings?…`
/// (`FakeEmbedding`), `api-key` header, Azure's error bodies. Its `baseURL` plays the resource endpoint
/// (`https://<resource>.openai.azure.com`). Completions answer as `FakeCompletionReply` says
/// and are watched and steered through `completions`.
public final class FakeAzureOpenAI: FakeUpstream {
    public static let defaultKey = "0123456789abcdef0123456789SECRET"

    public let server: FakeHTTPServer
    public let apiKey: String
    public let deployments: [String]
    public let modeSwitch: FakeModeSwitch
    /// Watches and steers the deployments' chat completions and embeddings.
    public let completions: FakeCompletions

    private init(
        server: FakeHTTPServer, apiKey: String, deployments: [String], modeSwitch: FakeModeSwitch,
        completions: FakeCompletions
    ) {
        self.server = server
        self.apiKey = apiKey
        self.deployments = deployments
        self.modeSwitch = modeSwitch
        self.completions = completions
    }

    public static func withServer<T: Sendable>(
        apiKey: String = FakeAzureOpenAI.defaultKey, models: [String] = ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"],
        deployments: [String] = ["chat"], mode: FakeUpstreamMode = .normal, tls: Bool = false,
        _ body: (FakeAzureOpenAI) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(mode)
        let completions = FakeCompletions()
        let api = AzureRoutes(apiKey: apiKey, models: models, deployments: deployments, completions: completions)
        return try await FakeHTTPServer.withServer(tls: tls) { request in
            if AzureRoutes.completionDeployment(request) != nil { completions.arrived() }
            if AzureRoutes.embeddingsDeployment(request) != nil { completions.embeddingArrived() }
            return await modes.respond(to: request, format: .azure, awaiting: api.answer)
        } _: { server in
            try await body(
                FakeAzureOpenAI(
                    server: server, apiKey: apiKey, deployments: deployments, modeSwitch: modes, completions: completions))
        }
    }
}
