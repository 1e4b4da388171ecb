/// One file of one revision of a Hugging Face model repository.
public struct HubFileReference: Sendable, Hashable {
    /// `owner/name`.
    public var repo: String
    /// A branch, tag or commit; `refs/pr/1` style names included.
    public var revision: String
    /// Path inside the repository, `/`-separated.
    public var file: String

    public init(repo: String, revision: String = "main", file: String) {
        self.repo = repo
        self.revision = revision
        self.file = file
    }
}
