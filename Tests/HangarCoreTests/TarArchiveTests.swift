import Foundation
import HangarCore
import Testing

@Suite struct TarArchiveTests {
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("hangar-tar-\(UUID().uuidString.prefix(8))-\(name)").path
    }

    static func write(_ path: String, _ body: (TarWriter) throws -> Void) throws {
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try body(TarWriter(handle: handle))
        try handle.close()
    }

    @Test func whatTheWriterWritesGNUTarListsAndTheReaderReadsBack() throws {
        let archive = Self.temporary("round.tar")
        let source = Self.temporary("source.bin")
        let big = Data((0..<70_000).map { UInt8($0 % 251) })
        try big.write(to: URL(fileURLWithPath: source))
        // 120 bytes: the ustar prefix field; 300 bytes: a GNU long-name entry.
        let prefixed = "models/" + String(repeating: "p", count: 60) + "/" + String(repeating: "n", count: 52) + ".gguf"
        let long = "models/" + String(repeating: "d", count: 150) + "/" + String(repeating: "f", count: 143)
        try Self.write(archive) { tar in
            try tar.add(name: "hangar-backup.json", data: Data("{}".utf8))
            try tar.addFile(name: prefixed, path: source)
            try tar.add(name: long, data: Data("long".utf8), mode: 0o600)
            try tar.add(name: "empty", data: Data())
            try tar.finish()
        }
        let reader = try TarReader(path: archive)
        #expect(reader.entries.map(\.name) == ["hangar-backup.json", prefixed, long, "empty"])
        #expect(try reader.data(of: try #require(reader[prefixed])) == big)
        #expect(try reader.data(of: try #require(reader[long])) == Data("long".utf8))
        #expect(reader[long]?.mode == 0o600)
        #expect(try reader.data(of: try #require(reader["empty"])).isEmpty)

        // The real tool agrees on names and bytes.
        let listing = try Self.run(["tar", "-tf", archive])
        #expect(listing.split(separator: "\n").map(String.init) == ["hangar-backup.json", prefixed, long, "empty"])
        let extracted = Self.temporary("x")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        _ = try Self.run(["tar", "-xf", archive, "-C", extracted])
        #expect(FileManager.default.contents(atPath: extracted + "/" + prefixed) == big)
    }

    @Test func archivesMadeByGNUTarAreRead() throws {
        let folder = Self.temporary("tree")
        try FileManager.default.createDirectory(atPath: folder + "/web/icons", withIntermediateDirectories: true)
        try Data("<html>".utf8).write(to: URL(fileURLWithPath: folder + "/web/index.html"))
        try Data([0x89, 0x50]).write(to: URL(fileURLWithPath: folder + "/web/icons/a.png"))
        let archive = Self.temporary("gnu.tar")
        _ = try Self.run(["tar", "--format=ustar", "--sort=name", "-cf", archive, "-C", folder, "web"])
        let reader = try TarReader(path: archive)
        #expect(reader.entries.filter { $0.kind == .file }.map(\.name) == ["web/icons/a.png", "web/index.html"])
        #expect(reader.entries.contains { $0.kind == .directory && $0.name == "web/" })
        #expect(try reader.data(of: try #require(reader["web/index.html"])) == Data("<html>".utf8))
    }

    @Test func sizesPastEightGiBUseBase256() throws {
        let size: Int64 = 9 << 30
        let block = TarHeader(name: "models/huge.gguf", size: size).encoded()
        #expect(block.count == 512 && block[124] == 0x80)
        #expect(try TarHeader.decode(block)?.size == size)
        #expect(try TarHeader.decode(TarHeader(name: "small", size: 0o7777).encoded())?.size == 0o7777)
    }

    @Test func damagedOrCutArchivesAreErrorsNotGarbage() throws {
        var block = TarHeader(name: "a", size: 10).encoded()
        block[0] = UInt8(ascii: "b")
        #expect(throws: TarHeader.Invalid.self) { try TarHeader.decode(block) }
        let cut = Self.temporary("cut.tar")
        try Data(TarHeader(name: "a", size: 4096).encoded() + [UInt8](repeating: 1, count: 100)).write(to: URL(fileURLWithPath: cut))
        #expect(throws: TarHeader.Invalid.self) { try TarReader(path: cut) }
    }

    @Test func embeddedFilesAreFoundOnlyBehindTheTrailer() throws {
        let binary = Self.temporary("binary")
        let prefix = Data((0..<1000).map { UInt8($0 % 7) })
        let archive = Self.temporary("payload.tar")
        try Self.write(archive) { tar in
            try tar.add(name: "build-info.json", data: Data(#"{"version":"9.9.9","commit":"abc"}"#.utf8))
            try tar.finish()
        }
        let payload = try Data(contentsOf: URL(fileURLWithPath: archive))
        try prefix.write(to: URL(fileURLWithPath: binary))
        #expect(EmbeddedFiles.load(executable: binary) == nil)

        var trailer = Data("HANGAR-EMBEDDED\n".utf8)
        for value in [UInt64(prefix.count), UInt64(payload.count)] {
            withUnsafeBytes(of: value.littleEndian) { trailer.append(contentsOf: $0) }
        }
        try (prefix + payload + trailer).write(to: URL(fileURLWithPath: binary))
        let found = try #require(EmbeddedFiles.load(executable: binary))
        let info = try JSONDecoder().decode(BuildInfo.self, from: try #require(EmbeddedFiles.data("build-info.json", in: found)))
        #expect(info == BuildInfo(version: "9.9.9", commit: "abc"))
        #expect(EmbeddedFiles.data("web/index.html", in: found) == nil)

        // A trailer whose numbers do not add up is ignored rather than trusted.
        var wrong = trailer
        wrong[16] &+= 1
        try (prefix + payload + wrong).write(to: URL(fileURLWithPath: binary))
        #expect(EmbeddedFiles.load(executable: binary) == nil)
    }

    @Test func aDevelopmentBuildNamesItsCheckoutsCommit() throws {
        // This test binary has no embedded files: the version is the source's, the commit HEAD's.
        #expect(EmbeddedFiles.archive == nil)
        #expect(BuildInfo.current.version == BuildInfo.version)
        let head = try Self.run(["git", "-C", URL(fileURLWithPath: #filePath).deletingLastPathComponent().path, "rev-parse", "HEAD"])
        #expect(BuildInfo.current.commit == head.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(BuildInfo.current.description == "\(BuildInfo.version) (commit \(head.trimmingCharacters(in: .whitespacesAndNewlines)))")
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments)")
        return String(decoding: output, as: UTF8.self)
    }
}
