/// A content digest as Ollama and registries write it: `sha256:` + 64 lowercase hex digits
/// (Ollama's `/api/tags` gives the bare 64 hex digits). Anything else is not a digest.
public enum OllamaDigest {
    /// The 64 hex digits of `text` (with or without the `sha256:` prefix), lowercased, or nil.
    public static func hex(_ text: String) -> String? {
        let bare = text.hasPrefix("sha256:") ? Substring(text.dropFirst(7)) : Substring(text)
        guard bare.utf8.count == 64, bare.utf8.allSatisfy(isHex) else { return nil }
        return bare.lowercased()
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
