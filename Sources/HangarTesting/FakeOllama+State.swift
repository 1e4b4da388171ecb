import Foundation

/// The fake Ollama server's models, running models, pulls and controls: one lock for all, so
/// the routes and the test see one consistent server.
final class OllamaServerState: Sendable {
    let catalog: FakeOllamaCatalog
    let version: String
    private let state = WatchedState(State())
    private let pullLines = Turnstile(holding: true)

    struct State {
        var installed: [String: Installed] = [:]
        var loaded: [String: Loaded] = [:]
        var pullBehaviour = FakeOllamaPullBehaviour()
        var pulls: [FakeOllamaPullRecord] = []
        var unloadLag: FakeOllamaUnloadLag?
        var softUnloadsToIgnore = 0
        var responseDelay: Duration?
        /// Ollama writes local times; this fake's "local" zone, in seconds east of UTC.
        var utcOffsetSeconds = 3600
        /// Requests by `METHOD /path`, for tests that wait for a poll instead of sleeping.
        var requestCounts: [String: Int] = [:]
        /// Blobs on the server's disk, by `sha256:<hex>`, with their sizes.
        var blobs: [String: Int] = [:]
        /// Every `POST /api/blobs/…`, accepted or not, oldest first.
        var blobUploads: [FakeOllamaBlobUpload] = []
        /// The next uploads whose bytes arrive damaged (the server then answers a digest mismatch).
        var corruptUploads = 0
        /// Every `POST /api/create`'s body.
        var creates: [[String: String]] = []
    }

    struct Installed {
        var name: String
        var model: FakeOllamaModel
        var modifiedAt: Date
    }

    struct Loaded {
        var name: String
        var model: FakeOllamaModel
        var expiresAt: Date
        var contextLength: Int
        /// Set once an unload was accepted but the model is still listed (the configured lag).
        var unloading: Unloading?
    }

    enum Unloading {
        case polls(Int)
        case until(ContinuousClock.Instant)
    }

    init(catalog: FakeOllamaCatalog, version: String) {
        self.catalog = catalog
        self.version = version
    }

    func read<T: Sendable>(_ body: (State) -> T) -> T {
        state.read(body)
    }

    /// Applies `change` and wakes the waits it satisfies.
    @discardableResult
    func update<T: Sendable>(_ change: (inout State) -> T) -> T {
        state.update(change)
    }

    func wait(until isReady: @escaping @Sendable (State) -> Bool) async {
        await state.wait(until: isReady)
    }

    // MARK: Pull gate

    /// Lets `count` more gated pull lines through.
    func releasePullLines(_ count: Int) {
        pullLines.release(count)
    }

    /// Waits for a released line; false when the waiting task is cancelled (the client left).
    func acquirePullPermit() async -> Bool {
        await pullLines.pass()
    }

    // MARK: Models

    /// The installed model `name` refers to (any case, tag defaulting to `latest`).
    static func installed(_ name: FakeOllamaName, in state: State) -> Installed? {
        state.installed[name.key]
    }

    func install(_ model: FakeOllamaModel, as name: String, modifiedAt: Date) {
        let display = FakeOllamaName(name)?.display ?? name
        update { state in
            state.installed[FakeOllamaCatalog.key(display)] = Installed(
                name: display, model: model.named(display), modifiedAt: modifiedAt)
        }
    }

    /// Whether a blob is already on the fake's disk (part of an installed model): Ollama then
    /// reports it complete at once instead of downloading it.
    static func hasBlob(_ digest: String, in state: State) -> Bool {
        state.installed.values.contains { installed in
            installed.model.manifest.config.digest == digest
                || installed.model.manifest.layers.contains { $0.digest == digest }
        }
    }
}
