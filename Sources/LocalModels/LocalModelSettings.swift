import Downloads

/// Where local model files live and how they are fetched.
public struct LocalModelSettings: Sendable {
    /// `$HANGAR_DATA_DIR/models`: every file Hangar downloads stays inside it.
    public var modelsDirectory: String
    /// `HANGAR_HF_ENDPOINT`, such as `https://huggingface.co`.
    public var hubEndpoint: String
    public var policy: DownloadPolicy
    /// Downloads running at once in one process.
    public var concurrency: Int

    public init(modelsDirectory: String, hubEndpoint: String, policy: DownloadPolicy = .standard, concurrency: Int = 2) {
        self.modelsDirectory = modelsDirectory
        self.hubEndpoint = hubEndpoint
        self.policy = policy
        self.concurrency = concurrency
    }
}
