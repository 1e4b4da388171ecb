/// `GET /api/hub/search`: GGUF repositories on the Hugging Face Hub, most downloaded first.
public struct HubSearch: Codable, Sendable, Hashable {
    public var query: String
    public var source: String
    public var models: [HubRepository]

    public init(query: String, source: String, models: [HubRepository]) {
        self.query = query
        self.source = source
        self.models = models
    }
}

public struct HubRepository: Codable, Sendable, Hashable {
    public var repo: String
    public var downloads: Int
    public var likes: Int
    /// Downloads need a token whose account was granted access.
    public var gated: Bool
    public var isPrivate: Bool
    public var updatedAt: String?

    public init(repo: String, downloads: Int, likes: Int, gated: Bool, isPrivate: Bool, updatedAt: String?) {
        self.repo = repo
        self.downloads = downloads
        self.likes = likes
        self.gated = gated
        self.isPrivate = isPrivate
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case repo, downloads, likes, gated
        case isPrivate = "private"
        case updatedAt = "updated_at"
    }
}

/// `GET /api/hub/files`: a repository's GGUF files at a revision, and what can be downloaded as
/// one model (a file, or every part of a split one).
public struct HubFileList: Codable, Sendable, Hashable {
    public var repo: String
    public var revision: String
    /// The commit the revision points to, when the Hub said.
    public var commit: String?
    public var source: String
    public var files: [HubFile]
    public var choices: [HubChoice]

    public init(repo: String, revision: String, commit: String?, source: String, files: [HubFile], choices: [HubChoice]) {
        self.repo = repo
        self.revision = revision
        self.commit = commit
        self.source = source
        self.files = files
        self.choices = choices
    }
}

public struct HubFile: Codable, Sendable, Hashable {
    public var path: String
    public var size: Int64
    /// The LFS object's SHA-256 (`lfs.oid`); nil for a file stored in git.
    public var sha256: String?
    /// Read from the file name, such as `Q4_K_M`.
    public var quantization: String?
    /// For `-00001-of-00003.gguf`: 1 and 3.
    public var part: Int?
    public var parts: Int?

    public init(path: String, size: Int64, sha256: String?, quantization: String?, part: Int? = nil, parts: Int? = nil) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.quantization = quantization
        self.part = part
        self.parts = parts
    }
}

/// One model to download: its first file (what `model_file` takes), all its files, and their
/// total size.
public struct HubChoice: Codable, Sendable, Hashable {
    public var file: String
    public var files: [String]
    public var quantization: String?
    public var size: Int64
    /// Whether every part the name announces is in the repository.
    public var complete: Bool

    public init(file: String, files: [String], quantization: String?, size: Int64, complete: Bool) {
        self.file = file
        self.files = files
        self.quantization = quantization
        self.size = size
        self.complete = complete
    }
}
