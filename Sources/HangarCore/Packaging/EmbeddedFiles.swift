import Foundation

/// Files a release carries inside its own binary: `scripts/release` appends a tar archive
/// (the web UI under `web/`, `openapi.yaml`, the price data, `build-info.json`) and then a
/// 32-byte trailer: the 16 bytes of `magic`, the archive's offset and its length, each a
/// little-endian UInt64. A binary built by `swift build` has no trailer, and its files are
/// read from the checkout instead.
public enum EmbeddedFiles {
    static let magic = Array("HANGAR-EMBEDDED\n".utf8)
    static let trailerSize = 32

    /// The running binary's archive, read once; nil for a development build.
    public static let archive: TarReader? = load(executable: "/proc/self/exe")

    /// The archive appended to `executable`, or nil when it has none.
    public static func load(executable: String) -> TarReader? {
        guard let handle = FileHandle(forReadingAtPath: executable) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > UInt64(trailerSize),
            (try? handle.seek(toOffset: size - UInt64(trailerSize))) != nil,
            let trailer = try? handle.read(upToCount: trailerSize), trailer.count == trailerSize,
            trailer.prefix(16).elementsEqual(magic)
        else { return nil }
        func number(_ range: Range<Int>) -> UInt64 {
            trailer[range].reversed().reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        }
        let offset = number(16..<24)
        let length = number(24..<32)
        guard offset + length + UInt64(trailerSize) == size else { return nil }
        return try? TarReader(path: executable, start: Int64(offset), length: Int64(length))
    }

    /// An embedded file's bytes, nil when there is no such file or no archive.
    public static func data(_ name: String, in archive: TarReader? = archive) -> Data? {
        guard let archive, let entry = archive[name], entry.kind == .file else { return nil }
        return try? archive.data(of: entry)
    }
}

/// What `hangar --version` prints: the release's own record when the binary has one, else
/// the version in the source and the commit of the checkout the binary was built from.
public struct BuildInfo: Codable, Sendable, Equatable {
    public static let version = "0.1.0"

    public var version: String
    public var commit: String?

    public init(version: String, commit: String?) {
        self.version = version
        self.commit = commit
    }

    public static let current: BuildInfo = {
        if let data = EmbeddedFiles.data("build-info.json"), let info = try? JSONDecoder().decode(BuildInfo.self, from: data) {
            return info
        }
        return BuildInfo(version: version, commit: checkoutCommit())
    }()

    public var description: String {
        "\(version) (commit \(commit ?? "unknown"))"
    }

    /// The checkout's HEAD, read from `.git` without running git (a service's PATH may be
    /// empty): a loose ref or one packed in `packed-refs`.
    static func checkoutCommit() -> String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var git = root.appendingPathComponent(".git")
        // A worktree's .git is a file naming the real directory.
        if let pointer = try? String(contentsOf: git, encoding: .utf8), pointer.hasPrefix("gitdir:") {
            git = URL(fileURLWithPath: pointer.dropFirst(7).trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: root)
        }
        guard let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) else { return nil }
        let value = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.hasPrefix("ref: ") else { return isCommit(value) ? value : nil }
        let ref = String(value.dropFirst(5))
        var common = git
        if let commonDir = try? String(contentsOf: git.appendingPathComponent("commondir"), encoding: .utf8) {
            common = URL(fileURLWithPath: commonDir.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: git)
        }
        for directory in [git, common] {
            if let loose = try? String(contentsOf: directory.appendingPathComponent(ref), encoding: .utf8) {
                let commit = loose.trimmingCharacters(in: .whitespacesAndNewlines)
                if isCommit(commit) { return commit }
            }
            if let packed = try? String(contentsOf: directory.appendingPathComponent("packed-refs"), encoding: .utf8) {
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
                    let commit = String(line.prefix(40))
                    if isCommit(commit) { return commit }
                }
            }
        }
        return nil
    }

    static func isCommit(_ text: String) -> Bool {
        text.count == 40 && text.allSatisfy(\.isHexDigit)
    }
}
