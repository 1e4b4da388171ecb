#if canImport(Glibc)
    import Glibc

    /// glibc's `malloc_trim` (malloc.h, which the Glibc module leaves out).
    @_silgen_name("malloc_trim")
    private func mallocTrim(_ pad: Int) -> Int32
#endif

/// Start-up (reading the contract, migrations, seeding the catalog) frees most of what it
/// allocates, but glibc keeps the freed pages; an idle server then holds about 1 MiB it no
/// longer uses. Handing them back once, when the server listens, costs a few milliseconds.
enum StartupMemory {
    static func releaseFreedPages() {
        #if canImport(Glibc)
            _ = mallocTrim(0)
        #endif
    }
}
