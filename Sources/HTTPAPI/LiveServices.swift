import Events
import Jobs
import LocalModels
import OllamaServers

/// The long-lived parts the HTTP layer talks to besides the database: the event bus behind the
/// SSE streams, the job queue, the local-model downloads and the Ollama servers. The application runs the
/// services behind them (bus listener, worker pool) beside the server.
public struct LiveServices: Sendable {
    public var events: EventBus
    public var jobs: JobQueue
    public var downloads: DownloadService
    public var ollama: OllamaService
    /// How often an idle SSE stream sends a comment line, so proxies keep it open.
    public var heartbeat: Duration

    public init(
        events: EventBus, jobs: JobQueue, downloads: DownloadService, ollama: OllamaService, heartbeat: Duration = .seconds(15)
    ) {
        self.events = events
        self.jobs = jobs
        self.downloads = downloads
        self.ollama = ollama
        self.heartbeat = heartbeat
    }

    public var catalogEvents: CatalogEvents { downloads.events }
}
