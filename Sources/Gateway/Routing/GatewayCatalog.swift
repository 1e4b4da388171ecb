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
/// settings are compared on every call (they are cached for a second); and it is read again
/// after `ttl` in any case.
public final class GatewayCatalog: Sendable {
    public struct Snapshot: Sendable {
        public let models: [CatalogModel]
        let providers: [String: Provider]
        let keys: [String: String]
        let resolver: ModelResolver
        let read: ContinuousClock.Instant
        let defaults: DefaultModels
        let policy: DeprecatedModelPolicy

        /// Where `model`'s calls go; nil when its connection cannot take one (no base URL).
        func target(of model: CatalogModel) -> (Provider, RelayTarget)? {
            guard let provider = providers[model.providerID] else { return nil }
            let target = CompletionTarget(
                kind: provider.kind, baseURL: provider.baseURL, apiKey: keys[provider.id], apiVersion: provider.apiVersion,
                model: model.apiName)
            return RelayTarget(target).map { (provider, $0) }
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
        var loading: Task<Snapshot, any Error>?
        var watcher: Task<Void, Never>?
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

    public func snapshot() async throws -> Snapshot {
        watch()
        let system = await settings.current()
        if let current = state.withLock({ $0.current }), ContinuousClock.now - current.read < ttl {
            guard current.defaults != system.defaultModels || current.policy != system.deprecatedModelPolicy else { return current }
            let updated = Snapshot(
                models: current.models, providers: current.providers, keys: current.keys,
                resolver: ModelResolver(models: current.models, defaults: system.defaultModels, policy: system.deprecatedModelPolicy),
                read: current.read, defaults: system.defaultModels, policy: system.deprecatedModelPolicy)
            state.withLock { $0.current = updated }
            return updated
        }
        // One read for every caller that finds the snapshot stale at once.
        let task = state.withLock { state in
            if let loading = state.loading { return loading }
            let task = Task { [catalog, settings] in try await Self.load(catalog: catalog, settings: settings) }
            state.loading = task
            return task
        }
        do {
            let fresh = try await task.value
            state.withLock { state in
                if state.loading == task { state.loading = nil }
                state.current = fresh
            }
            return fresh
        } catch {
            state.withLock { state in
                if state.loading == task { state.loading = nil }
            }
            throw error
        }
    }

    /// Forgets the snapshot, so the next call reads the catalog.
    public func invalidate() {
        state.withLock { $0.current = nil }
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
        return Snapshot(
            models: models, providers: byID, keys: keys,
            resolver: ModelResolver(models: models, defaults: system.defaultModels, policy: system.deprecatedModelPolicy),
            read: .now, defaults: system.defaultModels, policy: system.deprecatedModelPolicy)
    }
}
