import Catalog
import Foundation
import Governance
import HangarCore
import Jobs
import Providers

/// What the gateway needs of the catalog on every call (the models connections serve, their
/// connections with keys decrypted, the defaults and the deprecation policy), kept between
/// calls. A catalog change announced on the event bus (from any replica) drops it at once;
/// settings are compared on every call (they are cached for a second); and it is read again
/// after `ttl` in any case.
public actor GatewayCatalog {
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
    private var current: Snapshot?
    private var loading: Task<Snapshot, any Error>?
    private var watcher: Task<Void, Never>?

    public init(catalog: CatalogService, settings: SettingsService, events: EventBus?, ttl: Duration = .seconds(5)) {
        self.catalog = catalog
        self.settings = settings
        self.events = events
        self.ttl = ttl
    }

    deinit {
        watcher?.cancel()
    }

    public func snapshot() async throws -> Snapshot {
        watch()
        let system = await settings.current()
        if let current, ContinuousClock.now - current.read < ttl {
            guard current.defaults != system.defaultModels || current.policy != system.deprecatedModelPolicy else { return current }
            let updated = Snapshot(
                models: current.models, providers: current.providers, keys: current.keys,
                resolver: ModelResolver(models: current.models, defaults: system.defaultModels, policy: system.deprecatedModelPolicy),
                read: current.read, defaults: system.defaultModels, policy: system.deprecatedModelPolicy)
            self.current = updated
            return updated
        }
        // One read for every caller that finds the snapshot stale at once.
        if let loading { return try await loading.value }
        let task = Task { [catalog, settings] in try await Self.load(catalog: catalog, settings: settings) }
        loading = task
        defer { loading = nil }
        let fresh = try await task.value
        current = fresh
        return fresh
    }

    /// Forgets the snapshot, so the next call reads the catalog.
    public func invalidate() {
        current = nil
    }

    /// Drops the snapshot on every catalog event, until the subscription ends (the bus stopped,
    /// or this fell behind: the next call then subscribes again).
    private func watch() {
        guard watcher == nil, let events else { return }
        let stream = events.subscribe(after: nil) { $0.type == "model" || $0.type == "provider" }
        watcher = Task { [weak self] in
            for await _ in stream { await self?.invalidate() }
            await self?.watchEnded()
        }
    }

    private func watchEnded() {
        watcher = nil
        current = nil
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
