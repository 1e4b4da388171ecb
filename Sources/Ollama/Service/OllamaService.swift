import Catalog
import HangarCore
import Jobs
import Logging
import Storage
import Upstream

/// Everything Hangar does with the Ollama servers of its connections. Each call resolves the
/// connection (it must be an enabled `ollama` one), checks the model names with Ollama's rules
/// before anything is sent, and turns what the server says into the API's errors.
public final class OllamaService: Sendable {
    public static let pullKind = "pull"
    public static let checkUpdatesKind = "check_updates"

    let catalog: CatalogService
    let database: any Database
    public let settings: OllamaSettings
    let client: UpstreamClient
    /// Long silences are normal inside a pull (Ollama verifying a big layer): a long read timeout.
    let streamClient: UpstreamClient
    let cache: ModelListCache
    public let registry: RegistryCheck
    public let library: OllamaLibrary
    /// Whether each model is loaded on each server, kept in the database.
    public let runtime: RuntimeStatuses

    public init(
        catalog: CatalogService, database: any Database, settings: OllamaSettings, clients: UpstreamClients = .system,
        events: EventBus? = nil, logger: Logger = Logger(label: "hangar.ollama")
    ) {
        self.runtime = RuntimeStatuses(database: database, bus: events, logger: logger)
        self.catalog = catalog
        self.database = database
        self.settings = settings
        self.client = clients.standard
        self.streamClient = clients.streaming
        self.cache = ModelListCache()
        self.registry = RegistryCheck(registryURL: settings.registryURL, client: clients.standard)
        self.library = OllamaLibrary(baseURL: settings.libraryURL, client: clients.standard)
    }

    // MARK: - Resolving a connection

    /// The connection's Ollama server, or why it cannot be used.
    public func server(of providerID: String) async throws -> OllamaServer {
        let provider = try await catalog.provider(id: providerID)
        guard provider.kind == .ollama else {
            throw HangarError(
                .conflict, code: .providerNotOllama,
                message: "'\(provider.name)' is a \(provider.kind.rawValue) connection; these routes manage Ollama servers only.")
        }
        guard provider.enabled else {
            throw HangarError(
                .conflict, code: .providerDisabled,
                message: "The connection '\(provider.name)' is disabled; enable it to manage its Ollama server.")
        }
        guard let baseURL = provider.baseURL, !baseURL.isEmpty else {
            throw HangarError(
                .conflict, code: .providerNotConfigured,
                message: "The connection '\(provider.name)' has no base URL; set it (Ollama listens on http://host:11434).")
        }
        let key = try await catalog.apiKey(ofProvider: provider.id)
        return OllamaServer(baseURL: baseURL, apiKey: key, client: client, streamClient: streamClient, timeouts: settings.timeouts)
    }

    public static func name(_ text: String, field: String = "model") throws -> OllamaName {
        do {
            return try OllamaName(text)
        } catch {
            throw HangarError(.unprocessable, code: .invalidModelName, message: error.message, fields: [field: .invalid(error.message)])
        }
    }

    // MARK: - Models

    public func models(providerID: String, refresh: Bool = false) async throws -> OllamaModelList {
        let server = try await server(of: providerID)
        var cached = false
        let entry: ModelListCache.Entry
        if !refresh, let fresh = cache.fresh(providerID, ttl: await settings.currentListCacheTTL()) {
            entry = fresh
            cached = true
        } else {
            let models = try await server.tags().sorted { $0.name < $1.name }
            let now = Timestamp.now()
            cache.store(models, providerID: providerID, fetchedAt: now)
            entry = .init(models: models, fetchedAt: now, storedAt: .now)
        }
        let checks = try await database.read { sql in try await UpdateCheckQueries.all(providerID: providerID, on: sql) }
        let models = entry.models.map { model in
            var model = model
            // A check made before the model changed (pulled again) says nothing about it now.
            if let check = checks[model.name], check.localDigest == model.digest { model.update = check }
            return model
        }
        return OllamaModelList(providerID: providerID, models: models, cached: cached, fetchedAt: entry.fetchedAt)
    }

    public func show(providerID: String, model: String) async throws -> OllamaModelDetails {
        let name = try Self.name(model)
        return try await server(of: providerID).show(name)
    }

    public func delete(providerID: String, model: String) async throws {
        let name = try Self.name(model)
        try await server(of: providerID).delete(name)
        cache.drop(providerID)
    }

    public func copy(providerID: String, _ request: OllamaCopyRequest) async throws {
        let server = try await server(of: providerID)
        var fields: [String: FieldError] = [:]
        var source: OllamaName?
        var destination: OllamaName?
        do { source = try OllamaName(request.source) } catch { fields["source"] = .invalid(error.message) }
        do { destination = try OllamaName(request.destination) } catch { fields["destination"] = .invalid(error.message) }
        guard let source, let destination else {
            throw HangarError(
                .unprocessable, code: .invalidModelName,
                message: fields.values.map(\.message).sorted().joined(separator: " "), fields: fields)
        }
        if source.sameModel(as: destination) {
            throw HangarError(
                .conflict, code: .copyToItself, message: "The destination names the source model itself; choose another name or tag.",
                fields: ["destination": .invalid("Choose a name other than the source's.")])
        }
        try await server.copy(from: source, to: destination)
        cache.drop(providerID)
    }

    public func running(providerID: String) async throws -> OllamaRunningList {
        let models = try await server(of: providerID).running().sorted { $0.name < $1.name }
        return OllamaRunningList(providerID: providerID, models: models)
    }

    public func load(providerID: String, _ request: OllamaLoadRequest) async throws -> OllamaLoadResult {
        let name = try Self.name(request.model)
        if let keepAlive = request.keepAlive, !OllamaKeepAlive.isValid(keepAlive) {
            throw HangarError.validation(["keep_alive": .invalidFormat(example: "5m", OllamaKeepAlive.rule)])
        }
        return try await server(of: providerID).load(name, keepAlive: request.keepAlive)
    }

    public func invalidate(providerID: String) {
        cache.drop(providerID)
    }
}
