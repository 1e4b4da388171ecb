import Foundation
import HangarCore
import Testing

@Suite struct VersionTests {
    /// A `swift build` binary names its checkout's commit (a release names the one it was built
    /// from: scripts/release-check checks that).
    @Test func versionPrintsTheVersionAndTheCommit() async throws {
        let result = try await CLIFixture.hangar(["--version"], url: "http://127.0.0.1:1")
        #expect(result.status == 0, "\(result)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", URL(fileURLWithPath: #filePath).deletingLastPathComponent().path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let head = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        #expect(head.count == 40)
        #expect(result.stdout == "\(BuildInfo.version) (commit \(head))\n", "\(result)")
    }
}
