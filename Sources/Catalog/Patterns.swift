/// Small hand-written matchers for the ASCII formats of the catalog. They accept exactly what
/// the `pattern`s of openapi.yaml accept.
enum Patterns {
    struct Matcher: Sendable {
        let matches: @Sendable (String) -> Bool
        func matches(_ value: String) -> Bool { matches(value) }
    }

    static let alnum: Set<UInt8> = Set(Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z")) + digits)
    static let digits: [UInt8] = Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
    static let nameChars: Set<UInt8> = alnum.union([UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-")])

    /// `^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$`
    static let apiVersion = Matcher { value in
        var bytes = Array(value.utf8)
        if bytes.count == 18, value.hasSuffix("-preview") { bytes.removeLast(8) }
        guard bytes.count == 10 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                if byte != UInt8(ascii: "-") { return false }
            } else if !digits.contains(byte) {
                return false
            }
        }
        return true
    }

    /// One `owner/name` part: starts and ends with a letter or digit, 1–96 characters.
    static func isRepoPart(_ part: Substring.UTF8View) -> Bool {
        guard let first = part.first, let last = part.last, part.count <= 96 else { return false }
        return alnum.contains(first) && alnum.contains(last) && part.allSatisfy(nameChars.contains)
    }

    static let hfRepo = Matcher { value in
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { isRepoPart($0.utf8) }
    }

    /// `^[A-Za-z0-9_][A-Za-z0-9._/-]{0,127}$`
    static let hfRevision = Matcher { value in
        let bytes = Array(value.utf8)
        guard let first = bytes.first, bytes.count <= 128 else { return false }
        let allowed = nameChars.union([UInt8(ascii: "/")])
        return (alnum.contains(first) || first == UInt8(ascii: "_")) && bytes.allSatisfy(allowed.contains)
    }

    /// Directories `[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}` (at most 8), then a file name of the
    /// same shape (up to 251 characters before `.gguf`).
    static let modelFile = Matcher { value in
        guard value.hasSuffix(".gguf") else { return false }
        let segments = value.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count <= 9 else { return false }
        for (index, segment) in segments.enumerated() {
            let isFile = index == segments.count - 1
            let stem = isFile ? segment.dropLast(5) : segment
            let limit = isFile ? 251 : 128
            guard let first = stem.utf8.first, stem.utf8.count <= limit,
                first != UInt8(ascii: "."), stem.utf8.allSatisfy(nameChars.contains)
            else { return false }
        }
        return true
    }
}
