/// A snapshot of a running download, for progress bars and job records.
public struct DownloadProgress: Sendable, Hashable {
    public var bytesDone: Int64
    public var bytesTotal: Int64?
    /// Averaged over the last few seconds, so a burst or a pause does not swing it wildly.
    public var bytesPerSecond: Double?
    public var etaSeconds: Double?
    /// 0...100, when the total is known.
    public var percent: Double?
    /// 1-based try number within this run.
    public var attempt: Int

    public init(
        bytesDone: Int64, bytesTotal: Int64?, bytesPerSecond: Double? = nil, etaSeconds: Double? = nil,
        percent: Double? = nil, attempt: Int
    ) {
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.bytesPerSecond = bytesPerSecond
        self.etaSeconds = etaSeconds
        self.percent = percent
        self.attempt = attempt
    }
}

/// A verified file in its final place.
public struct DownloadResult: Sendable, Hashable {
    public var path: String
    public var size: Int64
    /// Lowercase hex SHA-256 of the final file.
    public var sha256: String
    /// The commit the Hub resolved the revision to (`X-Repo-Commit`), when it said.
    public var commit: String?
    /// Bytes already in the `.part` file when this run started (0 if none).
    public var resumedFrom: Int64
    /// True when the destination already held exactly the Hub's file, so nothing was transferred.
    public var reusedExisting: Bool

    public init(
        path: String, size: Int64, sha256: String, commit: String?, resumedFrom: Int64, reusedExisting: Bool = false
    ) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.commit = commit
        self.resumedFrom = resumedFrom
        self.reusedExisting = reusedExisting
    }
}
