import Catalog
import CatalogSync
import Foundation
import Gateway
import Governance
import HTTPAPI
import HangarCore
import Hummingbird
import Jobs
import LocalModels
import Logging
import Ollama
import Providers
import Secrets
import ServiceLifecycle
import Storage
import Upstream

/// Builds the whole server. Production (`hangar serve`) and the tests call this same function.
public func buildApplication(
    _ configuration: HangarConfiguration, logger: Logger = Logger(label: "hangar"),
    onRunning: @escaping @Sendable (_ url: String, _ token: AdminToken) async -> Void = { _, _ in }
) async throws -> some ApplicationProtocol {
    let upstream = try configuration.upstreamClients()
    let token = try AdminToken.resolve(configuration: configuration)
    let keyStore = configuration.secretKeyStore
    let (secretKey, keySource) = try keyStore.load()
    let opened = try await DatabaseFactory.open(configuration, logger: logger)
    let live = LiveParts(
        configuration: configuration, database: opened.database, secrets: SecretBox(key: secretKey), upstream: upstream, logger: logger)
    let router = try Routes.router(
        database: opened.database,
        settings: HTTPSettings(
            adminToken: token.value, allowedHosts: configuration.allowedHosts, version: HangarConfiguration.version,
            web: configuration.webFiles, trustedProxies: Set(configuration.trustedProxies)),
        live: live.services)
    // The pool and the bus need the migrated database, so they wait for beforeServerStarts.
    let gate = Latch()
    let timeouts = ConnectionTimeouts(
        header: .seconds(configuration.headerTimeoutSeconds), idle: .seconds(configuration.idleTimeoutSeconds))
    // No `Server` header: it only tells a scanner what runs, on every answer.
    var app = Application(
        router: router,
        server: timeouts.server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        // Stopped in reverse order once the server stops: the pool, the bus, the last usage
        // records, then the database.
        services: [
            opened.service, UsageFlushService(gateway: live.services.gateway), gate.guarding(live.services.events),
            gate.guarding(live.pool), gate.guarding(live.runtimePoller), gate.guarding(live.updateChecks),
            gate.guarding(live.discoveries),
            gate.guarding(live.deprecations),
        ],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            await onRunning("http://\(host):\(port)", token)
        },
        logger: logger)
    app.beforeServerStarts {
        try await DatabaseFactory.prepare(opened.database, logger: logger)
        try await SecretKeyCheck.verify(opened.database, key: secretKey, store: keyStore, source: keySource)
        try await LocalFileAudit(service: live.services.downloads, logger: logger).run()
        // Once here, so history past its retention is gone before anyone lists it; the pool
        // then prunes every hour.
        await live.pool.pruneFinishedJobs()
        gate.open()
    }
    return app
}

/// The event bus, the job queue and its worker pool, the downloads and the Ollama servers, wired once.
struct LiveParts {
    let services: LiveServices
    let pool: JobWorkerPool
    let runtimePoller: RuntimePoller
    let updateChecks: UpdateCheckSchedule
    let deprecations: DeprecationSchedule
    let discoveries: DiscoverySchedule

    init(configuration: HangarConfiguration, database: any Database, secrets: SecretBox, upstream: UpstreamClients, logger: Logger) {
        let bus = EventBus(database: database, logger: logger)
        let catalog = CatalogService(database: database, secrets: secrets, events: CatalogEvents(bus: bus, logger: logger))
        // The environment gives each system setting its default; a stored value wins.
        var defaults = SettingsDefaults(
            downloadConcurrency: configuration.downloadConcurrency, ollamaCacheSeconds: configuration.ollamaCacheSeconds,
            hfEndpoint: configuration.hubEndpoint)
        defaults.ollamaStatusPollSeconds = configuration.ollamaStatusPollSeconds
        defaults.priceDataURL = configuration.priceDataURL
        defaults.discoveryIntervalHours = configuration.discoveryIntervalHours
        let system = SettingsService(database: database, defaults: defaults)
        var settings = LocalModelSettings(
            modelsDirectory: configuration.modelsDirectory, hubEndpoint: configuration.hubEndpoint,
            concurrency: configuration.downloadConcurrency)
        settings.hubToken = configuration.hubToken
        settings.system = { await system.current() }
        var ollamaSettings = OllamaSettings(
            registryURL: configuration.ollamaRegistry, libraryURL: configuration.ollamaLibrary,
            listCacheTTL: .seconds(configuration.ollamaCacheSeconds),
            timeouts: .init(
                call: .seconds(configuration.ollamaTimeoutSeconds), load: .seconds(configuration.ollamaTimeoutSeconds * 12),
                pullHead: .seconds(configuration.ollamaTimeoutSeconds * 3)))
        ollamaSettings.system = { await system.current() }
        let ollama = OllamaService(
            catalog: catalog, database: database, settings: ollamaSettings, clients: upstream, events: bus, logger: logger)
        let downloader = HubDownloader(client: upstream.transfer, policy: settings.policy, logger: logger)
        let handlers: [any JobHandler] = [
            DownloadJobHandler(catalog: catalog, settings: settings, downloader: downloader, logger: logger),
            PullJobHandler(service: ollama, logger: logger), UpdateCheckJobHandler(service: ollama),
            DeployJobHandler(service: ollama, logger: logger), StartJobHandler(service: ollama),
        ]
        let queue = JobQueue(database: database, events: bus, handlers: handlers, logger: logger)
        // One process owns a SQLite file, so jobs it left running are its own to resume at once;
        // on PostgreSQL another replica may still run them, so they wait for their lease to expire.
        pool = JobWorkerPool(
            queue: queue, events: bus, handlers: handlers, logger: logger, reclaimOnStart: database.engine == .sqlite,
            retention: { await system.current().jobRetention })
        runtimePoller = RuntimePoller(service: ollama, logger: logger)
        updateChecks = UpdateCheckSchedule(service: ollama, jobs: queue, logger: logger)
        deprecations = DeprecationSchedule(catalog: catalog, logger: logger)
        discoveries = DiscoverySchedule(
            discovery: DiscoveryService(
                catalog: catalog, lister: ModelLister(client: upstream.standard),
                prices: DiscoveryService.priceData(
                    settings: system, source: PriceDataSource(client: upstream.standard), logger: logger)),
            events: DiscoveryEvents(bus: bus, logger: logger), intervalHours: { await system.current().discoveryIntervalHours },
            logger: logger)
        services = LiveServices(
            events: bus, jobs: queue,
            downloads: DownloadService(catalog: catalog, jobs: queue, settings: settings), ollama: ollama,
            settings: system,
            modelTests: ModelTestService(
                catalog: catalog, database: database, governor: CallGovernor(database: database),
                completions: CompletionClient(client: upstream.standard)),
            usage: UsageReporter(database: database), importer: ConfigurationImporter(catalog: catalog, settings: system),
            gateway: .over(database: database, catalog: catalog, settings: system, events: bus, client: upstream.relay), upstream: upstream)
    }
}
