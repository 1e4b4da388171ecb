import Crypto
import Foundation

/// A Hugging Face Hub on 127.0.0.1 that answers `/{repo}/resolve/{revision}/{file}` like
/// huggingface.co: LFS files by a 302 to a CDN with `X-Linked-Etag`, `X-Linked-Size` and
/// `X-Repo-Commit`; small git files directly; ranges, 416s, and the Hub's error headers and
/// bodies. Faults can be injected per file while a download runs, every request is recorded,
/// and tests can wait for requests or served bytes instead of sleeping.
public final class FakeHub: Sendable {
    public enum CDN: Sendable {
        /// The CDN paths are served by the Hub's own listener: the token may follow.
        case sameOrigin
        /// The CDN is a second listener on another port, another origin, as on huggingface.co.
        case otherOrigin
    }

    /// `http://127.0.0.1:<port>`: the endpoint to configure.
    public let hubURL: String
    /// Where LFS redirects point.
    public let cdnURL: String
    /// Whether `/_fake/…` control routes are served (only by `hangar-fakes hub`).
    let acceptsControl: Bool
    let state = WatchedState(State())

    struct State {
        var repos: [String: Repo] = [:]
        var files: [FileKey: File] = [:]
        var fileKeysByID: [Int: FileKey] = [:]
        var renamed: [String: String] = [:]
        var requests: [FakeHubRequest] = []
        var bytesServed = 0
        var transfers: [FakeHubTransferRecord] = []
        /// Entries per page of a tree listing (the Hub's is 1,000); the rest follow a `Link`.
        var treePageSize = 1000
    }

    struct Repo {
        var access: FakeHubAccess
        var downloads = 0
    }

    struct FileKey: Hashable {
        let repo: String
        let revision: String
        let path: String
    }

    struct File {
        let id: Int
        let info: FakeHubFileInfo
        let bytes: [UInt8]
        let storage: FakeHubStorage
        var faults = FakeHubFaults()
    }

    init(hubURL: String, cdnURL: String, acceptsControl: Bool = false) {
        self.hubURL = hubURL
        self.cdnURL = cdnURL
        self.acceptsControl = acceptsControl
    }

    // MARK: Registration

    public func addRepo(_ repo: String, access: FakeHubAccess = .open) {
        state.update { $0.repos[repo] = Repo(access: access) }
    }

    /// What search sorts by.
    public func setDownloads(_ downloads: Int, repo: String) {
        state.update { $0.repos[repo, default: Repo(access: .open)].downloads = downloads }
    }

    /// A smaller page makes a test walk a tree listing's `Link` headers.
    public func setTreePageSize(_ size: Int) {
        state.update { $0.treePageSize = max(1, size) }
    }

    public func setAccess(_ access: FakeHubAccess, repo: String) {
        state.update { $0.repos[repo, default: Repo(access: .open)].access = access }
    }

    /// Old links keep working: the Hub answers them with a relative 307 to the new name.
    public func renameRepo(_ old: String, to new: String) {
        state.update { $0.renamed[old] = new }
    }

    /// Registers a file (and its repository, open, if new) and returns what the Hub will say about it.
    @discardableResult
    public func addFile(
        repo: String, revision: String = "main", path: String, bytes: [UInt8], storage: FakeHubStorage = .lfs
    ) -> FakeHubFileInfo {
        let info = FakeHubFileInfo(
            repo: repo, revision: revision, path: path, size: bytes.count, sha256: Self.hex(SHA256.hash(data: bytes)),
            gitSHA1: Self.gitBlobID(bytes),
            commit: Self.commit(repo: repo, revision: revision))
        state.update { state in
            if state.repos[repo] == nil { state.repos[repo] = Repo(access: .open) }
            let id = state.fileKeysByID.count + 1
            let key = FileKey(repo: repo, revision: revision, path: path)
            state.files[key] = File(id: id, info: info, bytes: bytes, storage: storage)
            state.fileKeysByID[id] = key
        }
        return info
    }

    /// Changes the faults of a registered file; they apply to the next requests.
    public func updateFaults(repo: String, revision: String = "main", path: String, _ change: (inout FakeHubFaults) -> Void) {
        state.update { state in
            let key = FileKey(repo: repo, revision: revision, path: path)
            guard var file = state.files[key] else { preconditionFailure("no fake file \(repo)/\(path)@\(revision)") }
            change(&file.faults)
            state.files[key] = file
        }
    }

    // MARK: Observation

    public var requests: [FakeHubRequest] { state.read { $0.requests } }
    public var bytesServed: Int { state.read { $0.bytesServed } }
    public var transfers: [FakeHubTransferRecord] { state.read { $0.transfers } }

    /// Returns once `count` requests have arrived.
    @discardableResult
    public func waitForRequests(count: Int) async -> [FakeHubRequest] {
        await state.wait { $0.requests.count >= count }
        return requests
    }

    /// Returns once at least `count` body bytes of files have been handed to the network.
    public func waitForBytesServed(atLeast count: Int) async {
        await state.wait { $0.bytesServed >= count }
    }

    /// Returns once `count` file bodies have ended, in full or not.
    @discardableResult
    public func waitForTransfers(count: Int) async -> [FakeHubTransferRecord] {
        await state.wait { $0.transfers.count >= count }
        return transfers
    }

    // MARK: Helpers for tests

    /// Deterministic bytes that do not compress and differ per seed.
    public static func sampleBytes(count: Int, seed: UInt64 = 1) -> [UInt8] {
        var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            bytes[index] = UInt8(truncatingIfNeeded: x >> 24)
        }
        return bytes
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// Git's blob id, hashed in two parts so a large file is not copied.
    static func gitBlobID(_ bytes: [UInt8]) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: Array("blob \(bytes.count)\0".utf8))
        hasher.update(data: bytes)
        return hex(hasher.finalize())
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// A stable 40-hex commit id per repository and revision (or the revision itself if it is one).
    static func commit(repo: String, revision: String) -> String {
        if revision.count == 40, revision.utf8.allSatisfy({ $0 < 128 && Character(Unicode.Scalar($0)).isHexDigit }) {
            return revision.lowercased()
        }
        return hex(Insecure.SHA1.hash(data: Array("\(repo)@\(revision)".utf8)))
    }
}
