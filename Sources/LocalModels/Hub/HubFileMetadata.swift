import NIOHTTP1

/// What the Hub says about the file before its bytes arrive: the sha256 to expect, the size,
/// and the commit the revision resolved to.
struct HubFileMetadata: Sendable, Equatable {
    var sha256: String?
    var size: Int64?
    var commit: String?

    /// Takes the Hub's `X-Linked-*` and `X-Repo-Commit` headers. They come on the redirect to the
    /// CDN for LFS files; a CDN answer lacks them and leaves what is known in place.
    mutating func absorbHubHeaders(_ headers: HTTPHeaders) {
        if let etag = headers.first(name: "x-linked-etag").flatMap(Self.sha256(fromETag:)) { sha256 = etag }
        if let size = headers.first(name: "x-linked-size").flatMap({ Int64($0.trimmed) }), size >= 0 { self.size = size }
        if let commit = headers.first(name: "x-repo-commit")?.trimmed, !commit.isEmpty,
            commit.utf8.count <= 64, commit.utf8.allSatisfy(\.isHexDigit)
        {
            self.commit = commit.lowercased()
        }
    }

    /// A small file stored in git is served directly; its `ETag` is a git blob id, which is no
    /// sha256, but a mirror that does put a sha256 there is believed.
    mutating func absorbDirectETag(_ headers: HTTPHeaders) {
        guard sha256 == nil, let etag = headers.first(name: "etag").flatMap(Self.sha256(fromETag:)) else { return }
        sha256 = etag
    }

    /// `W/"abc…"` → `abc…`, kept only if it is 64 hex digits.
    static func sha256(fromETag raw: String) -> String? {
        var value = Substring(raw.trimmed)
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        value = value.drop { $0 == "\"" }
        while value.hasSuffix("\"") { value = value.dropLast() }
        guard value.utf8.count == 64, value.utf8.allSatisfy(\.isHexDigit) else { return nil }
        return value.lowercased()
    }
}

/// `Content-Range: bytes 100-199/1000`, or `bytes */1000` on a 416.
struct ContentRange: Sendable, Equatable {
    var first: Int64?
    var last: Int64?
    var total: Int64?

    init?(_ raw: String) {
        let text = raw.trimmed
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst(6).trimmingPrefixSpaces()
        let halves = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        if halves[1] == "*" {
            total = nil
        } else {
            guard let value = Int64(halves[1]), value >= 0 else { return nil }
            total = value
        }
        if halves[0] == "*" {
            first = nil
            last = nil
        } else {
            let bounds = halves[0].split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]), first >= 0, last >= first
            else { return nil }
            self.first = first
            self.last = last
        }
    }
}

extension String {
    var trimmed: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}

extension Substring {
    fileprivate func trimmingPrefixSpaces() -> Substring { self.drop { $0 == " " } }
}

extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
