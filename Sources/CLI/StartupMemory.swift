#if canImport(Glibc)
    import Glibc

    /// glibc's `mallopt` and `malloc_trim` (malloc.h, which the Glibc module leaves out).
    @_silgen_name("mallopt")
    private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
    @_silgen_name("malloc_trim")
    private func mallocTrim(_ pad: Int) -> Int32
    /// `M_ARENA_MAX` in malloc.h.
    private let mallocArenaMax: Int32 = -8
#endif

/// How the process uses memory (glibc's allocator, the mapped code), in one place.
public enum StartupMemory {
    /// glibc gives each thread that allocates its own malloc arena, up to 8 per core; with the
    /// concurrency runtime's many threads, 1,000 streamed gateway calls held 213 MiB, against
    /// 117 MiB with two arenas at the same speed. `MALLOC_ARENA_MAX` still wins when set.
    public static func limitArenas() {
        #if canImport(Glibc)
            guard getenv("MALLOC_ARENA_MAX") == nil else { return }
            _ = mallopt(mallocArenaMax, 2)
        #endif
    }

    /// Called once, when the server listens (before it prints its URL). Start-up (reading the contract, migrations, seeding
    /// the catalog) frees most of what it allocates, but glibc keeps the freed pages: about
    /// 1 MiB. And start-up runs code that the server never runs again, which the kernel mapped
    /// in 64 KiB windows around each page used: about 27 MiB of the idle server's 47 MiB were
    /// pages of the executable and the Swift libraries (README, "Idle memory").
    static func releaseStartupPages() {
        #if os(Linux)
            releaseMappedCode()
        #endif
        #if canImport(Glibc)
            _ = mallocTrim(0)
        #endif
    }

    #if os(Linux)
        /// Unmaps the clean pages of the read-only file mappings (code, read-only data) from the
        /// process. They stay in the page cache: the next call that needs one maps it again
        /// without reading the disk, and those the server never needs again are the first the
        /// kernel drops under memory pressure, instead of counting against the server. Marking
        /// them cold first (Linux 5.4+; refused before, which changes nothing) moves them to the
        /// inactive list, reclaimed first. Errors are ignored: the pages then just stay mapped.
        private static func releaseMappedCode() {
            guard let smaps = readProcFile("/proc/self/smaps") else { return }
            for range in cleanFileMappings(inSmaps: smaps) {
                let start = UnsafeMutableRawPointer(bitPattern: range.lowerBound)
                let length = Int(range.upperBound - range.lowerBound)
                _ = madvise(start, length, MADV_COLD)
                _ = madvise(start, length, MADV_DONTNEED)
            }
        }

        /// procfs files report a size of 0, so they are read until the end.
        private static func readProcFile(_ path: String) -> String? {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { return nil }
                if count == 0 { break }
                bytes += chunk[0..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    #endif

    /// The address ranges, from `/proc/PID/smaps`, whose pages can be unmapped and read back from
    /// their file unchanged: private, not writable, backed by a file that still exists, and
    /// holding no private copy of a page (`Anonymous` and `Swap` both 0). The last rule keeps out
    /// the read-only segments the loader relocated before protecting them (RELRO): their pages
    /// differ from the file, and unmapping them would lose the relocations. A mapping whose
    /// `Anonymous` line is missing is kept out too. `Private_Dirty` is no guide: it also counts
    /// the file's own pages not yet written back (a binary just installed), which are its content.
    static func cleanFileMappings(inSmaps smaps: String) -> [Range<UInt>] {
        var selected: [Range<UInt>] = []
        var current: Range<UInt>?
        var provenClean = false
        func finish() {
            if let range = current, provenClean { selected.append(range) }
            current = nil
            provenClean = false
        }
        for line in smaps.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard let name = fields.first else { continue }
            if name.hasSuffix(":") {
                guard current != nil, fields.count >= 2 else { continue }
                switch name {
                case "Anonymous:": provenClean = fields[1] == "0"
                case "Swap:": if fields[1] != "0" { current = nil }
                default: break
                }
                continue
            }
            finish()
            current = candidate(fields)
        }
        finish()
        return selected
    }

    /// A mapping's header line, split: `start-end perms offset device inode path`.
    private static func candidate(_ fields: [Substring]) -> Range<UInt>? {
        guard fields.count == 6 else { return nil }
        let permissions = Array(fields[1].utf8)
        let path = fields[5].drop { $0 == " " }
        guard permissions.count == 4, permissions[1] != UInt8(ascii: "w"), permissions[3] == UInt8(ascii: "p"),
            path.hasPrefix("/"), !path.hasSuffix(" (deleted)")
        else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), start < end
        else { return nil }
        return start..<end
    }
}
