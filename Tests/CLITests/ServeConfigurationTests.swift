import Foundation
import HangarTesting
import Testing

/// Settings `hangar serve` refuses before it listens, with a message naming the variable.
@Suite struct ServeConfigurationTests {
    @Test func aCABundleThatCannotBeUsedStopsServe() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-ca-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let empty = directory + "/empty.pem"
        try Data("# no certificate here\n".utf8).write(to: URL(fileURLWithPath: empty))
        for bundle in [directory + "/missing.pem", empty] {
            let serve = try await CLIFixture.hangar(
                ["serve", "--port", "0", "--data-dir", directory + "/data"], url: "http://127.0.0.1:9",
                environment: ["HANGAR_CA_BUNDLE": bundle], deadline: .seconds(20))
            #expect(serve.status == 1, "\(serve)")
            #expect(serve.stderr.contains("HANGAR_CA_BUNDLE") && serve.stderr.contains(bundle), "\(serve)")
            #expect(!serve.stdout.contains("Hangar is running"), "\(serve)")
        }
    }
}
