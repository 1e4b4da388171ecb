import Catalog
import HangarCore

/// Loads what a request's models point to (their connections, replacements, default models) in
/// batches, so the number of SQL statements does not grow with the number of models asked
/// for: the connections in one statement, and each level of replacements in one more.
///
/// A list primes the loader with the ids its models point to; the first lookup then loads all
/// of them at once. Models the caller may not see are answered as absent.
actor CatalogLoader {
    let catalog: CatalogService
    let caller: GraphQLCaller
    private var models: [String: CatalogModel] = [:]
    private var absent: Set<String> = []
    private var wanted: Set<String> = []
    private var loading: [String: Task<[String: CatalogModel], any Error>] = [:]
    private var providers: Task<[String: Provider], any Error>?
    private var knownProviders: [String: Provider] = [:]

    init(catalog: CatalogService, caller: GraphQLCaller) {
        self.catalog = catalog
        self.caller = caller
    }

    /// Keeps `list` (already read) and notes the models it points to.
    func prime(_ list: [CatalogModel]) {
        for model in list { models[model.id] = model }
        for model in list { want(model.replacementModelID) }
    }

    /// Keeps connections already read (a list, the gateway's snapshot), and notes their
    /// default models.
    func prime(providers list: [Provider]) {
        for provider in list {
            knownProviders[provider.id] = provider
            want(provider.defaultModelID)
        }
    }

    func model(id: String) async throws -> CatalogModel? {
        guard caller.mayRead(model: id) else { return nil }
        if let model = models[id] { return model }
        if absent.contains(id) { return nil }
        if let task = loading[id] { return try await task.value[id] }
        var batch = wanted.filter { models[$0] == nil && !absent.contains($0) && loading[$0] == nil }
        batch.insert(id)
        wanted.removeAll()
        let ids = batch.sorted()
        let task = Task { [catalog] in
            Dictionary(try await catalog.models(ids: ids).map { ($0.id, $0) }) { first, _ in first }
        }
        for id in ids { loading[id] = task }
        defer { for id in ids { loading[id] = nil } }
        let found = try await task.value
        for id in ids {
            if let model = found[id] {
                models[id] = model
                want(model.replacementModelID)
            } else {
                absent.insert(id)
            }
        }
        return found[id]
    }

    func provider(id: String) async throws -> Provider? {
        if let provider = knownProviders[id] { return provider }
        return try await allProviders()[id]
    }

    /// Every connection, read once per request.
    func allProviders() async throws -> [String: Provider] {
        if let providers { return try await providers.value }
        let task = Task { [catalog] in
            Dictionary(try await catalog.providers().map { ($0.id, $0) }) { first, _ in first }
        }
        providers = task
        return try await task.value
    }

    private func want(_ id: String?) {
        guard let id, models[id] == nil, !absent.contains(id), caller.mayRead(model: id) else { return }
        wanted.insert(id)
    }
}
