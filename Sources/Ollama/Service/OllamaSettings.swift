import HangarCore

/// What the Ollama features read from the configuration.
public struct OllamaSettings: Sendable {
    /// Where update checks fetch manifests (`HANGAR_OLLAMA_REGISTRY`).
    public var registryURL: String
    /// Where library search reads (`HANGAR_OLLAMA_LIBRARY`).
    public var libraryURL: String
    /// How long a server's model list is served from memory (`HANGAR_OLLAMA_CACHE_SECONDS`).
    public var listCacheTTL: Duration
    /// The system settings, whose stored `ollama_cache_seconds` wins over `listCacheTTL`.
    public var system: (@Sendable () async -> SystemSettings)?
    public var timeouts: OllamaServer.Timeouts
    /// Pulls one process runs at once, across servers.
    public var pullConcurrency: Int
    /// How long a forced eject keeps checking `/api/ps`.
    public var forcedEjectWindow: Duration
    /// The pause between two checks of a forced eject.
    public var forcedEjectPoll: Duration

    public init(
        registryURL: String = "https://registry.ollama.ai", libraryURL: String = "https://ollama.com",
        listCacheTTL: Duration = .seconds(5), timeouts: OllamaServer.Timeouts = .init(), pullConcurrency: Int = 4,
        forcedEjectWindow: Duration = .seconds(5), forcedEjectPoll: Duration = .milliseconds(250)
    ) {
        self.registryURL = registryURL
        self.libraryURL = libraryURL
        self.listCacheTTL = listCacheTTL
        self.timeouts = timeouts
        self.pullConcurrency = pullConcurrency
        self.forcedEjectWindow = forcedEjectWindow
        self.forcedEjectPoll = forcedEjectPoll
    }

    func currentListCacheTTL() async -> Duration {
        guard let system else { return listCacheTTL }
        return .seconds(await system().ollamaCacheSeconds)
    }
}
