import Foundation

/// The OpenAI API as Mistral, OpenAI and compatible servers expose it: `GET /v1/models`,
/// `POST /v1/chat/completions` (streamed as `FakeChatStream` writes, or not) and
/// `POST /v1/embeddings` (`FakeEmbedding`, for any model `models` lists), Bearer keys, OpenAI's
/// error bodies. Completions answer as `FakeCompletionReply` says and are watched and steered
/// through `completions`, embeddings too.
public final class FakeOpenAI: FakeUpstream {
    public static let defaultKey = "sk-fake-0123456789abcdefSECRET"

    public let server: FakeHTTPServer
    public let apiKey: String?
    public let models: [String]
    public let modeSwitch: FakeModeSwitch
    /// Watches and steers `POST /v1/chat/completions` and `POST /v1/embeddings`.
    public let completions: FakeCompletions

    private init(
        server: FakeHTTPServer, apiKey: String?, models: [String], modeSwitch: FakeModeSwitch, completions: FakeCompletions
    ) {
        self.server = server
        self.apiKey = apiKey
        self.models = models
        self.modeSwitch = modeSwitch
        self.completions = completions
    }

    /// Runs `body` against a fresh fake. With `apiKey: nil` every key (and none) is accepted,
    /// like a local OpenAI-compatible server.
    public static func withServer<T: Sendable>(
        apiKey: String? = FakeOpenAI.defaultKey, models: [String] = ["gpt-4o", "gpt-4o-mini"],
        mode: FakeUpstreamMode = .normal, tls: Bool = false, _ body: (FakeOpenAI) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(mode)
        let completions = FakeCompletions()
        let api = OpenAIRoutes(apiKey: apiKey, models: models, completions: completions)
        return try await FakeHTTPServer.withServer(tls: tls) { request in
            if OpenAIRoutes.isCompletion(request) { completions.arrived() }
            if OpenAIRoutes.isEmbeddings(request) { completions.embeddingArrived() }
            return await modes.respond(to: request, format: .openAI, awaiting: api.answer)
        } _: { server in
            try await body(
                FakeOpenAI(server: server, apiKey: apiKey, models: models, modeSwitch: modes, completions: completions))
        }
    }
}
