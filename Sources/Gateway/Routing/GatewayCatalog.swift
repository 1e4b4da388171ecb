import Catalog
import Foundation
import Governance
import HangarCore
import Providers

/// What the gateway needs of the catalog on every call (the models connections serve, their
/// connections with keys decrypted, the defaults and the deprecation policy), read at most once
/// a second instead of once per call. A change made on any replica is seen within a second.
public actor GatewayCatalog {
    public struct Snapshot: Sendable {
        public let models: [CatalogModel]
        let providers: [String: Provider]
        let keys: [String: String]
        let resolver: ModelResolver
        let read: ContinuousClock.Instant

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
    let ttl: Duration
    private var current: Snapshot?
    private var loading: Task<Snapshot, any Error>?

    public init(catalog: CatalogService, settings: SettingsService, ttl: Duration = .seconds(1)) {
        self.catalog = catalog
        self.settings = settings
        self.ttl = ttl
    }

    public func snapshot() async throws -> Snapshot {
        if let current, ContinuousClock.now - current.read < ttl { return current }
        // One read for every caller that finds the snapshot stale at once.
        if let loading { return try await loading.value }
        let task = Task { [catalog, settings] in try await Self.load(catalog: catalog, settings: settings) }
        loading = task
        defer { loading = nil }
        let fresh = try await task.value
        current = fresh
        return fresh
    }

    /// Forgets the snapshot, so the next call reads the catalog (after a local change).
    public func invalidate() {
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
            read: .now)
    }
}
