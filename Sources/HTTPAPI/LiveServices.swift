import Gateway
import Governance
import Jobs
import LocalModels
import Ollama
import Providers
import Upstream

/// The long-lived parts the HTTP layer talks to besides the database: the event bus behind the
/// SSE streams, the job queue, the local-model downloads and the Ollama servers. The application runs the
/// services behind them (bus listener, worker pool) beside the server.
public struct LiveServices: Sendable {
    public var events: EventBus
    public var jobs: JobQueue
    public var downloads: DownloadService
    public var ollama: OllamaService
    public var settings: SettingsService
    public var modelTests: ModelTestService
    public var usage: UsageReporter
    public var importer: ConfigurationImporter
    /// The OpenAI-compatible gateway and its application keys.
    public var gateway: GatewayService
    /// How often an idle SSE stream sends a comment line, so proxies keep it open.
    public var heartbeat: Duration
    /// The outbound clients, trusting HANGAR_CA_BUNDLE's authorities when it is set.
    public var upstream: UpstreamClients

    public init(
        events: EventBus, jobs: JobQueue, downloads: DownloadService, ollama: OllamaService, settings: SettingsService,
        modelTests: ModelTestService, usage: UsageReporter, importer: ConfigurationImporter, gateway: GatewayService,
        heartbeat: Duration = .seconds(15), upstream: UpstreamClients = .system
    ) {
        self.gateway = gateway
        self.settings = settings
        self.modelTests = modelTests
        self.usage = usage
        self.importer = importer
        self.events = events
        self.jobs = jobs
        self.downloads = downloads
        self.ollama = ollama
        self.heartbeat = heartbeat
        self.upstream = upstream
    }

}
