extension HubFileReference {
    /// Checks the three names before they reach a URL or a path. The rules follow the Hub's own
    /// (repository ids) and git's (revisions), narrowed to what Hangar can store safely.
    public func validate() throws(DownloadError) {
        try Self.validateRepo(repo)
        try Self.validateRevision(revision)
        try Self.validateFile(file)
    }

    static func validateRepo(_ repo: String) throws(DownloadError) {
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw DownloadError(.invalidReference, "Repository '\(printable(repo))' must look like owner/name.")
        }
        for part in parts where !isRepoNamePart(part) {
            throw DownloadError(
                .invalidReference,
                "Repository '\(printable(repo))' is not a valid Hugging Face id: use letters, digits, '-', '_' and '.', "
                    + "at most 96 characters per part, starting and ending with a letter or digit.")
        }
        if repo.contains("--") || repo.contains("..") || repo.hasSuffix(".git") {
            throw DownloadError(
                .invalidReference, "Repository '\(printable(repo))' may not contain '--' or '..' nor end with '.git'.")
        }
    }

    private static func isRepoNamePart(_ part: Substring) -> Bool {
        guard (1...96).contains(part.utf8.count), let first = part.utf8.first, let last = part.utf8.last else {
            return false
        }
        return isWordByte(first) && isWordByte(last)
            && part.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    static func validateRevision(_ revision: String) throws(DownloadError) {
        guard (1...255).contains(revision.utf8.count) else {
            throw DownloadError(.invalidReference, "The revision must have 1 to 255 characters.")
        }
        // git refuses these in ref names; refusing them here also keeps shell and URL quoting simple.
        let forbidden: Set<UInt8> = Set(" ~^:?*[\\".utf8)
        guard revision.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && !forbidden.contains($0) }),
            !revision.contains("@{"), !revision.hasSuffix(".lock")
        else {
            throw DownloadError(.invalidReference, "Revision '\(printable(revision))' is not a valid branch, tag or commit.")
        }
        try validateSegments(of: revision, what: "Revision")
    }

    static func validateFile(_ file: String) throws(DownloadError) {
        guard (1...1024).contains(file.utf8.count) else {
            throw DownloadError(.invalidReference, "The file name must have 1 to 1024 characters.")
        }
        guard !file.hasPrefix("/") else {
            throw DownloadError(.invalidReference, "File '\(printable(file))' must be a path inside the repository, not an absolute path.")
        }
        guard file.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }) else {
            throw DownloadError(.invalidReference, "File '\(printable(file))' contains a backslash or a control character.")
        }
        try validateSegments(of: file, what: "File")
        guard file.lowercased().hasSuffix(".gguf") else {
            throw DownloadError(.invalidReference, "File '\(printable(file))' is not a .gguf file; Hangar runs GGUF models only.")
        }
    }

    private static func validateSegments(of path: String, what: String) throws(DownloadError) {
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else {
                throw DownloadError(.invalidReference, "\(what) '\(printable(path))' has an empty, '.' or '..' path segment.")
            }
            guard segment.utf8.count <= 255 else {
                throw DownloadError(.invalidReference, "\(what) '\(printable(path))' has a path segment longer than 255 bytes.")
            }
        }
    }

    /// Echoes user input in a message without control characters and without flooding it.
    static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
        return cleaned.count > 120 ? String(cleaned.prefix(120)) + "…" : cleaned
    }
}
