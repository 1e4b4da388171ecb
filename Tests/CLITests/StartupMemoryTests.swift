import Foundation
import HangarTesting
import Testing

@testable import CLI

/// Which mappings the listening server unmaps: only pages it can read back from their file unchanged.
@Suite struct StartupMemoryTests {
    /// The fields of one mapping that matter here; smaps has about twenty more per mapping.
    private static func mapping(_ header: String, anonymous: Int? = 0, privateDirty: Int = 0, swap: Int = 0) -> String {
        var lines = [header, "Size:                100 kB", "Rss:                  40 kB", "Private_Dirty:  \(privateDirty) kB"]
        if let anonymous { lines.append("Anonymous:      \(anonymous) kB") }
        lines += ["Swap:           \(swap) kB", "VmFlags: rd ex mr mw me"]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func onlyCleanReadOnlyPrivateFileMappingsAreSelected() {
        let smaps = [
            Self.mapping("55d0c0000000-55d0c0400000 r--p 00000000 fe:00 123 /usr/bin/hangar"),
            Self.mapping("55d0c0400000-55d0c1000000 r-xp 00400000 fe:00 123 /usr/bin/hangar"),
            // RELRO: read-only now, but the loader wrote relocations into its pages first.
            Self.mapping("55d0c1000000-55d0c1100000 r--p 01000000 fe:00 123 /usr/bin/hangar", anonymous: 1004, privateDirty: 1004),
            Self.mapping("55d0c1100000-55d0c1200000 rw-p 01100000 fe:00 123 /usr/bin/hangar"),
            Self.mapping("55d0c2000000-55d0c2100000 rw-p 00000000 00:00 0                  [heap]"),
            Self.mapping("7f0000000000-7f0000100000 r--p 00000000 00:00 0 "),
            Self.mapping("7f0000100000-7f0000200000 r--s 00000000 fe:00 77 /data/hangar.sqlite-shm"),
            Self.mapping("7f0000200000-7f0000300000 r-xp 00000000 fe:00 78 /opt/lib/libgone.so (deleted)"),
            Self.mapping("7f0000300000-7f0000400000 r-xp 00000000 fe:00 79 /opt/swift/lib/libswiftCore.so", swap: 8),
            Self.mapping("7f0000400000-7f0000500000 r--p 00000000 fe:00 80 /usr/lib/locale/locale-archive", anonymous: nil),
            Self.mapping("7f0000500000-7f0000600000 r-xp 00000000 fe:00 81 /opt/my libs/libFoundation.so"),
            // Dirty in the page cache only (not yet written back): still the file's content.
            Self.mapping("7f0000600000-7f0000700000 r-xp 00000000 fe:00 82 /usr/bin/just-installed", privateDirty: 64),
            Self.mapping("7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                  [vdso]"),
        ].joined()
        #expect(
            StartupMemory.cleanFileMappings(inSmaps: smaps) == [
                0x55d0_c000_0000..<0x55d0_c040_0000, 0x55d0_c040_0000..<0x55d0_c100_0000,
                0x7f00_0050_0000..<0x7f00_0060_0000, 0x7f00_0060_0000..<0x7f00_0070_0000,
            ])
    }

    /// On this process's own smaps: a function's code is among the ranges, and no range is
    /// writable or holds a private page (the relocated RELRO segments are such mappings).
    @Test func theRunningProcessesCodeIsSelectedAndItsDataIsNot() throws {
        #if os(Linux)
            let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
            let selected = StartupMemory.cleanFileMappings(inSmaps: smaps)
            let function: @convention(c) () -> Void = {}
            let code = unsafeBitCast(function, to: UInt.self)
            #expect(selected.contains { $0.contains(code) })
            var excluded: [String] = []
            var header = ""
            for line in smaps.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count >= 5, !fields[0].hasSuffix(":") {
                    header = String(line)
                    if Array(fields[1])[1] == "w" { excluded.append(header) }
                } else if fields.first == "Anonymous:", fields[1] != "0" {
                    excluded.append(header)
                }
            }
            #expect(excluded.contains { $0.contains(" r--p ") }, "no relocated read-only segment seen")
            for line in excluded {
                let bounds = line.split(separator: " ")[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
                #expect(!selected.contains { $0.overlaps(bounds[0]..<bounds[1]) }, "\(line)")
            }
        #endif
    }

    /// A real `hangar serve`, read from outside once it prints its URL: most of the file pages
    /// start-up mapped (its peak, `VmHWM`) are no longer mapped, and the server still answers.
    @Test(.timeLimit(.minutes(1))) func aListeningServerHasHandedBackStartupsCode() async throws {
        #if os(Linux)
            let directory = try TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let server = try await ServeProcess.start(dataDirectory: directory, hubEndpoint: "http://127.0.0.1:9")
            let status = try String(contentsOfFile: "/proc/\(server.pid)/status", encoding: .utf8)
            let health = try await LiveHTTP(url: server.url, token: CLIFixture.token).send(.GET, "/api/models")
            await server.stop()
            func kilobytes(_ field: String) throws -> Int {
                let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(field + ":") })
                return try #require(line.split(separator: " ").dropFirst().first.flatMap { Int($0) })
            }
            let peak = try kilobytes("VmHWM")
            let files = try kilobytes("RssFile")
            #expect(files < peak / 2, "RssFile \(files) kB, VmHWM \(peak) kB")
            #expect(health.status == 200)
        #endif
    }
}
