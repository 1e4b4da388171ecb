import HangarCore

/// What each setting is until an admin stores another value: the server's environment
/// (`HANGAR_DOWNLOAD_CONCURRENCY`, `HANGAR_OLLAMA_CACHE_SECONDS`, `HANGAR_HF_ENDPOINT`), and
/// 30 days of job history.
public struct SettingsDefaults: Sendable, Hashable {
    public var downloadConcurrency: Int
    public var ollamaCacheSeconds: Int
    public var hfEndpoint: String
    public var jobRetentionDays: Int
    /// Deprecated models are served, with a warning, until an admin chooses otherwise.
    public var deprecatedModelPolicy: DeprecatedModelPolicy = .warn
    /// Runtime statuses follow each Ollama server within ten seconds.
    public var ollamaStatusPollSeconds = 10
    /// Ollama's own default for a loaded model.
    public var ollamaKeepAlive = "5m"
    /// Off: update checks reach the registry, which air-gapped servers cannot.
    public var ollamaUpdateCheckHours = 0
    /// Empty: price sync reads the LiteLLM snapshot shipped with Hangar.
    public var priceDataURL = ""
    /// Off: discovery runs when an admin asks, unless a schedule is set.
    public var discoveryIntervalHours = 0

    public init(
        downloadConcurrency: Int = 2, ollamaCacheSeconds: Int = 5, hfEndpoint: String = "https://huggingface.co",
        jobRetentionDays: Int = 30
    ) {
        self.downloadConcurrency = downloadConcurrency
        self.ollamaCacheSeconds = ollamaCacheSeconds
        self.hfEndpoint = hfEndpoint
        self.jobRetentionDays = jobRetentionDays
    }

    var settings: SystemSettings {
        SystemSettings(
            defaultModels: DefaultModels(), downloadConcurrency: downloadConcurrency,
            ollamaCacheSeconds: ollamaCacheSeconds, hfEndpoint: hfEndpoint, jobRetentionDays: jobRetentionDays,
            deprecatedModelPolicy: deprecatedModelPolicy, ollamaStatusPollSeconds: ollamaStatusPollSeconds,
            ollamaKeepAlive: ollamaKeepAlive, ollamaUpdateCheckHours: ollamaUpdateCheckHours, priceDataURL: priceDataURL,
            discoveryIntervalHours: discoveryIntervalHours)
    }
}
