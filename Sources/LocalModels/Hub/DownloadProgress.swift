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
