import HangarCore

/// Where local model files live and how they are fetched.
public struct LocalModelSettings: Sendable {
    /// `$HANGAR_DATA_DIR/models`: every file Hangar downloads stays inside it.
    public var modelsDirectory: String
    /// `HANGAR_HF_ENDPOINT`, such as `https://huggingface.co`.
    public var hubEndpoint: String
    /// `HANGAR_HF_TOKEN`: used for a model without a token of its own, and to browse the Hub.
    public var hubToken: String?
    public var policy: DownloadPolicy
    /// Downloads running at once in one process.
    public var concurrency: Int
    /// The system settings, whose stored `hf_endpoint` and `download_concurrency` win over the
    /// two values above (which are then only their defaults).
    public var system: (@Sendable () async -> SystemSettings)?

    public init(modelsDirectory: String, hubEndpoint: String, policy: DownloadPolicy = .standard, concurrency: Int = 2) {
        self.modelsDirectory = modelsDirectory
        self.hubEndpoint = hubEndpoint
        self.policy = policy
        self.concurrency = concurrency
    }

    func currentHubEndpoint() async -> String { await system?().hfEndpoint ?? hubEndpoint }

    func currentConcurrency() async -> Int { await system?().downloadConcurrency ?? concurrency }
}
