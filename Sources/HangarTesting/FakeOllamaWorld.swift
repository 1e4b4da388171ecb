import Foundation
import Synchronization

/// An Ollama server, its registry and the ollama.com library on one port, for
/// `hangar-fakes ollama`: their paths never overlap (`/api/…` and `/`, `/v2/…`, `/search` and
/// `/library/…`), so one base URL serves as a connection's `base_url`, as
/// `HANGAR_OLLAMA_REGISTRY` and as `HANGAR_OLLAMA_LIBRARY`. One catalog backs all three, so
/// digests agree. Steered through `/_fake/…` (see `control`).
public final class FakeOllamaWorld: Sendable {
    /// What a reset installs: up to date with the registry, modified just now.
    public static let installedByDefault = ["qwen2.5:0.5b", "llama3.2:latest"]

    let catalog = FakeOllamaCatalog(FakeOllamaWorld.models)
    let state: OllamaServerState
    let completions = FakeCompletions()
    let modes = FakeModeSwitch(.normal)
    let library = LibraryEntries(FakeOllamaWorld.libraryEntries)
    let libraryDown = Mutex(false)
    let log = FakeControlLog()
    private let fake = Mutex<FakeOllama?>(nil)

    private init() {
        state = OllamaServerState(catalog: catalog, version: FakeOllama.defaultVersion)
    }

    /// Runs `body` with the world listening on `port` (0: a free one) and its base URL.
    public static func withWorld<T: Sendable>(port: Int = 0, _ body: (String) async throws -> T) async throws -> T {
        let world = FakeOllamaWorld()
        world.reset()
        let ollama = FakeOllama.handler(state: world.state, completions: world.completions, modes: world.modes)
        return try await FakeHTTPServer.withServer(port: port) { request in
            await world.answer(request, ollama: ollama)
        } _: { server in
            world.fake.withLock {
                $0 = FakeOllama(server: server, modeSwitch: world.modes, state: world.state, completions: world.completions)
            }
            return try await body(server.baseURL)
        }
    }

    private func answer(_ request: RecordedRequest, ollama: FakeHTTPServer.Handler) async -> FakeResponse {
        if FakeControl.isControl(request) {
            if let answer = log.answer(request, reset: reset) { return answer }
            return await completions.controlAnswer(request) ?? control(request)
        }
        log.record(request)
        let path = request.path
        let response: FakeResponse
        if path == "/v2" || path.hasPrefix("/v2/") {
            response = FakeOllamaRegistry.answer(request, catalog: catalog)
        } else if path == "/search" || path.hasPrefix("/library/") {
            response =
                libraryDown.withLock { $0 }
                ? FakeErrorFormat.website(503) : LibraryPages(entries: library.all, catalog: catalog).answer(request)
        } else {
            response = await ollama(request)
        }
        return log.delayed(response)
    }

    /// Back to the start: the published models as at launch, the default models installed,
    /// nothing loaded, pulls unpaced, the library up.
    func reset() {
        catalog.replaceAll(with: Self.models)
        state.update { state in
            state.installed = [:]
            state.loaded = [:]
            state.pullBehaviour = FakeOllamaPullBehaviour()
            state.pulls = []
            state.unloadLag = nil
            state.softUnloadsToIgnore = 0
            state.responseDelay = nil
            state.requestCounts = [:]
        }
        let now = Date()
        for (index, name) in Self.installedByDefault.enumerated() {
            state.install(catalog.model(name) ?? .localOnly(name), as: name, modifiedAt: now.addingTimeInterval(-Double(index)))
        }
        libraryDown.withLock { $0 = false }
        completions.reset()
    }

    /// The fake server, once listening.
    var server: FakeOllama? { fake.withLock { $0 } }
}

extension FakeOllamaWorld {
    /// The standard catalog and a few small models the end-to-end suite pulls.
    static var models: [FakeOllamaModel] {
        let small = [1_482, 11_343, 68]
        return FakeOllamaCatalog.standardModels + [
            FakeOllamaModel(
                name: "qwen2.5:1.5b", layerSizes: [986_061_248] + small, configSize: 488,
                details: FakeOllamaDetails(family: "qwen2", parameterSize: "1.5B", quantizationLevel: "Q4_K_M"),
                capabilities: ["completion", "tools"], contextLength: 32_768),
            FakeOllamaModel(
                name: "smollm2:135m", layerSizes: [270_898_560] + small, configSize: 487,
                details: FakeOllamaDetails(family: "llama", parameterSize: "134.52M", quantizationLevel: "F16"),
                capabilities: ["completion"], contextLength: 8_192),
            FakeOllamaModel(
                name: "smollm2:latest", layerSizes: [1_820_414_944] + small, configSize: 487,
                details: FakeOllamaDetails(family: "llama", parameterSize: "1.7B", quantizationLevel: "Q8_0"),
                capabilities: ["completion", "tools"], contextLength: 8_192),
        ]
    }

    static var libraryEntries: [FakeOllamaLibraryEntry] {
        FakeOllamaLibraryEntry.standard + [
            FakeOllamaLibraryEntry(
                name: "smollm2",
                description:
                    "SmolLM2 is a family of compact language models available in three size: 135M, 360M, and 1.7B parameters.",
                capabilities: ["tools"], sizes: ["135m", "360m", "1.7b"], pullCount: "1.9M", tagCount: 49, updated: "1 year ago",
                updatedTitle: "Nov 1, 2024 8:12 PM UTC")
        ]
    }
}
