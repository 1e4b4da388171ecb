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
