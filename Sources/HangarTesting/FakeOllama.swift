import Foundation

/// An Ollama server's `/api/version`, `/api/tags` and non-streamed `/api/generate`, with
/// Ollama's `{"error": "…"}` bodies. Ollama has no keys of its own.
public final class FakeOllama: FakeUpstream {
    public static let defaultVersion = "0.5.7"

    public let server: FakeHTTPServer
    public let models: [String]
    public let modeSwitch: FakeModeSwitch

    private init(server: FakeHTTPServer, models: [String], modeSwitch: FakeModeSwitch) {
        self.server = server
        self.models = models
        self.modeSwitch = modeSwitch
    }

    public static func withServer<T: Sendable>(
        version: String = FakeOllama.defaultVersion, models: [String] = ["llama3.2:latest", "qwen2.5:0.5b"],
        mode: FakeUpstreamMode = .normal, tls: Bool = false, _ body: (FakeOllama) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(mode)
        let api = OllamaRoutes(version: version, models: models)
        return try await FakeHTTPServer.withServer(tls: tls) { request in
            modes.respond(to: request, format: .ollama, normal: api.answer)
        } _: { server in
            try await body(FakeOllama(server: server, models: models, modeSwitch: modes))
        }
    }
}
