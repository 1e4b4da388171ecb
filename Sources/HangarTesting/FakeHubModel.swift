/// Who may download from a fake repository, the way huggingface.co decides it.
public enum FakeHubAccess: Sendable, Equatable {
    case open
    /// A private repository: without this bearer token it looks like it does not exist (401).
    case privateRepo(token: String)
    /// A gated model: 401 without a token, 403 for a token whose account was not granted access.
    case gated(grantedToken: String)
}

/// How the Hub stores a file: large ones in LFS behind a CDN redirect, small ones in git.
public enum FakeHubStorage: Sendable, Equatable {
    case lfs
    case git
}

/// Which listener a request reached.
public enum FakeHubOrigin: Sendable, Equatable {
    case hub
    case cdn
}

/// A status the resolve endpoint answers instead of the file, once.
public struct FakeHubStatus: Sendable, Equatable {
    public var status: Int
    public var retryAfter: String?
    public var errorCode: String?
    public var message: String

    public init(status: Int, retryAfter: String? = nil, errorCode: String? = nil, message: String = "error") {
        self.status = status
        self.retryAfter = retryAfter
        self.errorCode = errorCode
        self.message = message
    }

    public static func tooManyRequests(retryAfter: String? = nil) -> FakeHubStatus {
        FakeHubStatus(status: 429, retryAfter: retryAfter, message: "You have exceeded our hourly quotas for action: resolve.")
    }

    public static func serverError(_ status: Int = 500, retryAfter: String? = nil) -> FakeHubStatus {
        FakeHubStatus(
            status: status, retryAfter: retryAfter, message: "Internal Error - We're working hard to fix this as soon as possible!")
    }
}

/// How one transfer of a file's bytes goes, for the next content requests in turn.
public enum FakeHubTransfer: Sendable, Equatable {
    case normal
    /// Announces the full length, sends this many bytes, then closes the connection.
    case dropAfter(bytes: Int)
    /// Sends this many bytes, then nothing, until the client goes away.
    case stallAfter(bytes: Int)
    /// Answers 200 with the whole file whatever the `Range`.
    case ignoreRange
    /// Answers 416 with `Content-Range: bytes */<size>` whatever was asked.
    case rangeNotSatisfiable
}

/// Faults of one file, changeable while a download runs.
public struct FakeHubFaults: Sendable {
    /// Answers for the next resolve requests, in turn, before normal service resumes.
    public var resolveStatuses: [FakeHubStatus] = []
    /// The next resolve requests get no answer at all, not even a status line, until the client leaves.
    public var silentResolves = 0
    /// Deliveries for the next content requests, in turn; afterwards `.normal`.
    public var transfers: [FakeHubTransfer] = []
    public var alwaysIgnoreRange = false
    /// Serves bytes that differ from the file while the headers describe the real one.
    public var corruptBytes = false
    /// Throttles every body of this file.
    public var bytesPerSecond: Int?
    /// Replaces the `X-Linked-Size` the Hub announces (for instance 1 PB, for disk-full checks).
    public var advertisedSize: Int64?
    /// Replaces the `X-Linked-Etag` sha256 the Hub announces.
    public var advertisedSHA256: String?

    public init() {}
}

/// What a test needs to know about a registered file.
public struct FakeHubFileInfo: Sendable, Equatable {
    public let repo: String
    public let revision: String
    public let path: String
    public let size: Int
    public let sha256: String
    /// The git blob id the Hub sends as `ETag` for files stored in git.
    public let gitSHA1: String
    public let commit: String
}

/// One request the fake received, with the listener it reached.
public struct FakeHubRequest: Sendable {
    public let origin: FakeHubOrigin
    public let recorded: RecordedRequest

    public var method: String { recorded.method }
    public var uri: String { recorded.uri }
    public var path: String { recorded.path }
    public var query: String? { recorded.query }
    public var isContent: Bool { path.hasPrefix("/cdn-lfs/") }
    public func header(_ name: String) -> String? { recorded.header(name) }
}

/// How a body the fake sent ended.
public struct FakeHubTransferRecord: Sendable {
    public let origin: FakeHubOrigin
    public let path: String
    public let status: Int
    public let bytesSent: Int
    /// False when the connection was dropped, stalled until the client left, or broke.
    public let completed: Bool
}
