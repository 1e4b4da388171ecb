import Foundation

/// A stateful Ollama server on 127.0.0.1 that answers like the real one (`server/routes.go`):
/// version, tags, show, pull (NDJSON progress), delete, copy, ps, generate (with the empty
/// prompt load/unload path) and chat, with Ollama's status codes and `{"error": "…"}` bodies,
/// and its OpenAI compatibility under `/v1/` (chat completions, embeddings, models).
/// Pulls come from a `FakeOllamaCatalog`, shared with `FakeOllamaRegistry` so that digests agree.
/// Tests can pace or gate a pull line by line, fail it mid-stream, see when its client left,
/// make unloads lag or be ignored, slow the whole server, and switch failure modes per path.
public final class FakeOllama: FakeUpstream {
    public static let defaultVersion = "0.5.7"

    public let server: FakeHTTPServer
    public let modeSwitch: FakeModeSwitch
    /// What the server can pull (and the registry serves, when shared).
    public let catalog: FakeOllamaCatalog
    /// Watches and steers `POST /api/chat`, `POST /v1/chat/completions` and `POST /v1/embeddings`.
    public let completions: FakeCompletions
    let state: OllamaServerState

    init(server: FakeHTTPServer, modeSwitch: FakeModeSwitch, state: OllamaServerState, completions: FakeCompletions) {
        self.server = server
        self.modeSwitch = modeSwitch
        self.catalog = state.catalog
        self.state = state
        self.completions = completions
    }

    /// Runs `body` with a listening server whose installed models are `models`: each installed
    /// from `catalog` (and so up to date) when the catalog has it, else as a local-only model
    /// the registry does not know. Stops the server, closing every connection, when `body` returns.
    public static func withServer<T: Sendable>(
        version: String = FakeOllama.defaultVersion, models: [String] = ["llama3.2:latest", "qwen2.5:0.5b"],
        mode: FakeUpstreamMode = .normal, tls: Bool = false, catalog: FakeOllamaCatalog = .standard(),
        _ body: (FakeOllama) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(mode)
        let state = OllamaServerState(catalog: catalog, version: version)
        // Fixed times, a minute apart and newest first, so `/api/tags` order is predictable.
        let start = Date(timeIntervalSince1970: 1_736_929_812.345_678)
        for (index, name) in models.enumerated() {
            let model = catalog.model(name) ?? FakeOllamaModel.localOnly(name)
            state.install(model, as: name, modifiedAt: start.addingTimeInterval(-60 * Double(index)))
        }
        let completions = FakeCompletions()
        return try await FakeHTTPServer.withServer(
            tls: tls, handler: handler(state: state, completions: completions, modes: modes)
        ) { server in
            try await body(FakeOllama(server: server, modeSwitch: modes, state: state, completions: completions))
        }
    }

    /// Every answer of the server: Ollama's routes under the mode switch and the response delay.
    static func handler(
        state: OllamaServerState, completions: FakeCompletions, modes: FakeModeSwitch
    ) -> FakeHTTPServer.Handler {
        let routes = OllamaRoutes(server: state, completions: completions)
        return { request in
            state.update { $0.requestCounts["\(request.method) \(request.path)", default: 0] += 1 }
            if request.method == "POST" && request.path == "/api/chat" || OllamaRoutes.isOpenAIChat(request) {
                completions.arrived()
            }
            if OllamaRoutes.isOpenAIEmbeddings(request) { completions.embeddingArrived() }
            var response = await modes.respond(to: request, format: .ollama, awaiting: routes.answer)
            if let delay = state.read({ $0.responseDelay }) {
                response.delayBeforeHead = max(response.delayBeforeHead ?? .zero, delay)
            }
            return response
        }
    }

    // MARK: Installed models

    /// The installed models' names as `/api/tags` shows them, newest first.
    public var models: [String] {
        state.read { $0.installed.values.sorted { ($0.modifiedAt, $1.name) > ($1.modifiedAt, $0.name) }.map(\.name) }
    }

    /// The installed model `name` refers to (its manifest, so its digest and size), or nil.
    public func installedModel(_ name: String) -> FakeOllamaModel? {
        guard let parsed = FakeOllamaName(name) else { return nil }
        return state.read { OllamaServerState.installed(parsed, in: $0)?.model }
    }

    /// Installs `name` from the catalog (or as a local-only model), as if pulled at `modifiedAt`.
    public func install(_ name: String, modifiedAt: Date = Date()) {
        state.install(catalog.model(name) ?? .localOnly(name), as: name, modifiedAt: modifiedAt)
    }

    /// Installs a given version under `name`: an old one makes the model out of date.
    public func install(_ model: FakeOllamaModel, as name: String? = nil, modifiedAt: Date = Date()) {
        state.install(model, as: name ?? model.name, modifiedAt: modifiedAt)
    }

    public func uninstall(_ name: String) {
        guard let parsed = FakeOllamaName(name) else { return }
        state.update { _ = $0.installed.removeValue(forKey: parsed.key) }
    }

    // MARK: Running models

    /// The names `/api/ps` would list now (without counting as a poll).
    public var loadedModels: [String] {
        state.read { $0.loaded.values.map(\.name).sorted() }
    }

    /// Loads an installed model without a request, for tests that start with it running.
    /// `keepAlive` nil keeps it until unloaded (as a negative `keep_alive` does).
    public func load(_ name: String, keepAlive: Duration? = .seconds(300), contextLength: Int = 4096) {
        guard let parsed = FakeOllamaName(name) else { return }
        state.update { state in
            guard let installed = OllamaServerState.installed(parsed, in: state) else {
                preconditionFailure("\(name) is not installed on the fake Ollama")
            }
            let seconds = keepAlive.map { TimeInterval($0.components.seconds) } ?? OllamaRoutes.forever
            state.loaded[parsed.key] = OllamaServerState.Loaded(
                name: installed.name, model: installed.model, expiresAt: Date().addingTimeInterval(seconds),
                contextLength: contextLength, unloading: nil)
        }
    }

    /// Unloads every model without a request, as when their `keep_alive` runs out.
    public func unloadAll() {
        state.update { $0.loaded.removeAll() }
    }

    /// Keeps `/api/ps` listing a model after an unload request, as a real server does while
    /// its runner stops; nil (the default) removes it at once.
    public var unloadLag: FakeOllamaUnloadLag? {
        get { state.read { $0.unloadLag } }
        set { state.update { $0.unloadLag = newValue } }
    }

    /// Ignores the next `count` unload requests (`keep_alive: 0`), still answering `unload`:
    /// a client that must be sure repeats the request until `/api/ps` no longer lists the model.
    public func ignoreSoftUnloads(_ count: Int) {
        state.update { $0.softUnloadsToIgnore = count }
    }

    // MARK: Pulls

    /// How pulls stream; changes apply to the lines still to come, also of a running pull.
    public var pullBehaviour: FakeOllamaPullBehaviour {
        get { state.read { $0.pullBehaviour } }
        set { state.update { $0.pullBehaviour = newValue } }
    }

    /// With `pullBehaviour.gated`, lets `count` more lines through (shared by all pulls).
    public func releasePullLines(_ count: Int = 1) {
        state.releasePullLines(count)
    }

    /// Every pull received, in order.
    public var pulls: [FakeOllamaPullRecord] { state.read { $0.pulls } }

    /// How many `POST /api/pull` requests arrived, refused ones included.
    public var pullRequestCount: Int { requestCount("POST", "/api/pull") }

    /// Returns pull `index` once `count` of its lines have been written to the connection.
    @discardableResult
    public func waitForPull(_ index: Int = 0, linesSent count: Int) async -> FakeOllamaPullRecord {
        await state.wait { $0.pulls.count > index && ($0.pulls[index].linesSent >= count || $0.pulls[index].end != nil) }
        return pulls[index]
    }

    /// Returns pull `index` once its answer has ended: in full, or because the client left
    /// (`end == .clientDisconnected`, `linesSent` telling how far it got).
    @discardableResult
    public func waitForPullEnd(_ index: Int = 0) async -> FakeOllamaPullRecord {
        await state.wait { $0.pulls.count > index && $0.pulls[index].end != nil }
        return pulls[index]
    }

    // MARK: Requests and faults

    /// How many `method path` requests arrived (for instance `("GET", "/api/ps")`).
    public func requestCount(_ method: String, _ path: String) -> Int {
        state.read { $0.requestCounts["\(method) \(path)"] ?? 0 }
    }

    /// Returns once `count` `method path` requests have arrived: a poll awaited, not slept for.
    public func waitForRequests(_ method: String, _ path: String, count: Int) async {
        let key = "\(method) \(path)"
        await state.wait { ($0.requestCounts[key] ?? 0) >= count }
    }

    /// Delays every answer's head by this much: a slow server, for timeouts.
    public var responseDelay: Duration? {
        get { state.read { $0.responseDelay } }
        set { state.update { $0.responseDelay = newValue } }
    }

    /// The zone of the times Ollama writes (local time): seconds east of UTC, 0 for `Z`.
    public var utcOffsetSeconds: Int {
        get { state.read { $0.utcOffsetSeconds } }
        set { state.update { $0.utcOffsetSeconds = newValue } }
    }
}

extension FakeOllamaModel {
    /// A model made locally (`ollama create`) that no registry has: sized like llama3.2.
    static func localOnly(_ name: String) -> FakeOllamaModel {
        FakeOllamaModel(name: name, layerSizes: [2_019_377_376, 1_429, 7_711, 96])
    }
}

extension FakeOllama {
    /// A base URL where no Ollama listens (connections are refused), reserved for `body`.
    @discardableResult
    public static func withUnreachableURL<T>(_ body: (String) async throws -> T) async throws -> T {
        try await withUnreachableBaseURL(body)
    }
}
