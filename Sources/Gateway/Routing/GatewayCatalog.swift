import Catalog
import Foundation
import Governance
import HangarCore
import Jobs
import Providers
import Synchronization

/// What the gateway needs of the catalog on every call (the models connections serve, their
/// connections with keys decrypted, the defaults and the deprecation policy), kept between
/// calls. A catalog change announced on the event bus (from any replica) drops it at once;
/// settings are compared on every call (they are cached for a second); and it is read again,
/// in the background, once it is `ttl` old.
public final class GatewayCatalog: Sendable {
    public struct Snapshot: Sendable {
        public let models: [CatalogModel]
        /// The enabled connections that serve calls, by id.
        public let providers: [String: Provider]
        let keys: [String: String]
        /// Each connection's target, built once per snapshot (it parses the base URL).
        let targets: [String: RelayTarget]
        let resolver: ModelResolver
        let read: ContinuousClock.Instant
        public let defaults: DefaultModels
        let policy: DeprecatedModelPolicy
        /// Equal for two reads that found the same models and connections (in this process), so
        /// what is derived from a snapshot can be kept across its periodic re-reads.
        public let fingerprint: Int

        /// Where `model`'s calls go; nil when its connection cannot take one (no base URL).
        func target(of model: CatalogModel) -> (Provider, RelayTarget)? {
            guard let provider = providers[model.providerID], let target = targets[provider.id] else { return nil }
            return (provider, target.serving(model.apiName))
        }

        static func targets(_ providers: [String: Provider], keys: [String: String]) -> [String: RelayTarget] {
            providers.compactMapValues { provider in
                RelayTarget(
                    CompletionTarget(
                        kind: provider.kind, baseURL: provider.baseURL, apiKey: keys[provider.id], apiVersion: provider.apiVersion,
                        model: ""))
            }
        }

        func hasKey(_ provider: Provider) -> Bool { keys[provider.id] != nil }
    }

    let catalog: CatalogService
    let settings: SettingsService
    let events: EventBus?
    let ttl: Duration

    /// A lock, not an actor: every call reads the snapshot, and a hop to an actor's executor
    /// and back cost more than the lookup.
    private struct State {
        var current: Snapshot?
        /// Bumped by every invalidation: a read that began before it must not be kept.
        var generation = 0
        var loading: Loading?
        var loads = 0
        var watcher: Task<Void, Never>?
    }

    private struct Loading {
        let task: Task<Snapshot, any Error>
        let generation: Int
        let id: Int
    }

    private let state = Mutex(State())

    public init(catalog: CatalogService, settings: SettingsService, events: EventBus?, ttl: Duration = .seconds(5)) {
        self.catalog = catalog
        self.settings = settings
        self.events = events
        self.ttl = ttl
    }

    deinit {
        state.withLock { $0.watcher?.cancel() }
    }

    /// The snapshot. Once it is `ttl` old, calls keep using it while one read replaces it (an
    /// event already drops it when the catalog changes; the age is only a safety net, and
    /// making calls wait for it showed in the gateway's p99); with none, calls wait for a read.
    public func snapshot() async throws -> Snapshot {
        watch()
        let system = await settings.current()
        if let current = state.withLock({ $0.current }) {
            if ContinuousClock.now - current.read >= ttl { _ = load() }
            return following(system, current)
        }
        return following(system, try await load().value)
    }

    /// `snapshot` with the defaults and policy of `system`, which are compared on every call.
    private func following(_ system: SystemSettings, _ snapshot: Snapshot) -> Snapshot {
        guard snapshot.defaults != system.defaultModels || snapshot.policy != system.deprecatedModelPolicy else { return snapshot }
        let updated = Snapshot(
            models: snapshot.models, providers: snapshot.providers, keys: snapshot.keys, targets: snapshot.targets,
            resolver: ModelResolver(models: snapshot.models, defaults: system.defaultModels, policy: system.deprecatedModelPolicy),
            read: snapshot.read, defaults: system.defaultModels, policy: system.deprecatedModelPolicy, fingerprint: snapshot.fingerprint)
        state.withLock { state in
            if state.current?.read == snapshot.read { state.current = updated }
        }
        return updated
    }

    /// The read under way since the last invalidation, or a new one: one read for every caller
    /// that needs it at once. Its result becomes the snapshot unless an invalidation came after
    /// it began.
    private func load() -> Task<Snapshot, any Error> {
        state.withLock { state in
            if let loading = state.loading, loading.generation == state.generation { return loading.task }
            state.loads += 1
            let (generation, id) = (state.generation, state.loads)
            let task = Task { [catalog, settings] in
                let result: Result<Snapshot, any Error>
                do {
                    result = .success(try await Self.load(catalog: catalog, settings: settings))
                } catch {
                    result = .failure(error)
                }
                self.state.withLock { state in
                    if state.loading?.id == id { state.loading = nil }
                    if case .success(let fresh) = result, state.generation == generation { state.current = fresh }
                }
                return try result.get()
            }
            state.loading = Loading(task: task, generation: generation, id: id)
            return task
        }
    }

    /// Forgets the snapshot, so the next call reads the catalog.
    public func invalidate() {
        state.withLock { state in
            state.current = nil
            state.generation += 1
        }
    }

    /// Drops the snapshot on every catalog event, until the subscription ends (the bus stopped,
    /// or this fell behind: the next call then subscribes again).
    private func watch() {
        guard let events, state.withLock({ $0.watcher == nil }) else { return }
        let stream = events.subscribe(after: nil) { $0.type == "model" || $0.type == "provider" }
        let watcher = Task { [weak self] in
            for await _ in stream { self?.invalidate() }
            self?.state.withLock { state in
                state.watcher = nil
                state.current = nil
                state.generation += 1
            }
        }
        let kept = state.withLock { state in
            guard state.watcher == nil else { return false }
            state.watcher = watcher
            return true
        }
        if !kept { watcher.cancel() }
    }

    static func load(catalog: CatalogService, settings: SettingsService) async throws -> Snapshot {
        let providers = try await catalog.providers().filter { $0.enabled && $0.kind != .local }
        var keys: [String: String] = [:]
        for provider in providers {
            if let key = try? await catalog.apiKey(ofProvider: provider.id), !key.isEmpty { keys[provider.id] = key }
        }
        let byID = Dictionary(providers.map { ($0.id, $0) }) { first, _ in first }
        let models = try await catalog.allModels().filter { byID[$0.providerID] != nil && $0.kind == .hosted }
        let system = await settings.current()
        var hasher = Hasher()
        hasher.combine(models)
        hasher.combine(providers)
        return Snapshot(
            models: models, providers: byID, keys: keys, targets: Snapshot.targets(byID, keys: keys),
            resolver: ModelResolver(models: models, defaults: system.defaultModels, policy: system.deprecatedModelPolicy),
            read: .now, defaults: system.defaultModels, policy: system.deprecatedModelPolicy, fingerprint: hasher.finalize())
    }
}
