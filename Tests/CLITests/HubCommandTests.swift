import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar hub search|files` against a live server and the fake Hub, with the server's token.
@Suite(.timeLimit(.minutes(3))) struct HubCommandTests {
    typealias Fixture = CLIFixture

    @Test func searchAndFiles() async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_K_M.gguf", bytes: FakeHub.sampleBytes(count: 2_500_000))
            hub.addFile(repo: "acme/tiny-GGUF", path: "split/tiny-Q8_0-00001-of-00002.gguf", bytes: FakeHub.sampleBytes(count: 10))
            hub.addFile(repo: "acme/tiny-GGUF", path: "split/tiny-Q8_0-00002-of-00002.gguf", bytes: FakeHub.sampleBytes(count: 10))
            hub.setAccess(.privateRepo(token: "hf_server"), repo: "acme/tiny-GGUF")
            hub.setDownloads(42, repo: "acme/tiny-GGUF")
            try await Fixture.withServer(.sqlite, hubEndpoint: hub.hubURL, configure: { $0.hubToken = "hf_server" }) { url in
                let search = try await Fixture.hangar(["hub", "search", "tiny"], url: url)
                #expect(search.status == 0 && search.stdout.contains("acme/tiny-GGUF") && search.stdout.contains("private"), "\(search)")
                #expect(search.stdout.contains("42"))
                let files = try await Fixture.hangar(["hub", "files", "acme/tiny-GGUF"], url: url)
                #expect(files.status == 0, "\(files)")
                #expect(
                    files.stdout.contains("Q4_K_M") && files.stdout.contains("2.5 MB") && files.stdout.contains("tiny-Q4_K_M.gguf"),
                    "\(files)")
                #expect(files.stdout.contains("split/tiny-Q8_0-00001-of-00002.gguf") && files.stdout.contains("Q8_0"), "\(files)")
                let json = try await Fixture.hangar(["hub", "files", "acme/tiny-GGUF", "--json"], url: url)
                #expect(((try json.json() as? [String: Any])?["choices"] as? [Any])?.count == 2, "\(json)")
                let missing = try await Fixture.hangar(["hub", "files", "acme/none"], url: url)
                #expect(missing.status != 0 && missing.stderr.contains("hf_not_found"), "\(missing)")
            }
        }
    }
}
