import Foundation
import HangarTesting
import Storage
import Testing

/// A split GGUF (`-00001-of-00003.gguf`…) downloads as one model: every part verified, the
/// model `downloaded` only once all are, deleted together.
@Suite(.timeLimit(.minutes(2))) struct SplitDownloadTests {
    static let part = "split/tiny-Q8_0-0000%d-of-00003.gguf"

    static func parts(_ hub: FakeHub) -> [FakeHubFileInfo] {
        (1...3).map { index in
            let bytes =
                index == 1 ? GGUFBuilder.model().build(tensorData: 64 << 10) : FakeHub.sampleBytes(count: 48 << 10, seed: UInt64(index))
            return hub.addFile(repo: LiveDownloads.repo, path: String(format: part, index), bytes: bytes)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func everyPartIsDownloadedAndVerified(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine) { fixture in
            let parts = Self.parts(fixture.hub)
            let id = try await fixture.createLocal(file: parts[0].path, downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "succeeded", "\(job)")
            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["downloaded"] as? Bool == true && model["download_status"] as? String == "downloaded")
            #expect(model["file_size_bytes"] as? Int == parts.reduce(0) { $0 + $1.size })
            #expect(model["checksum"] as? String == parts[0].sha256)
            #expect((model["gguf"] as? [String: Any])?["architecture"] as? String == "qwen3")
            let first = try #require(model["local_path"] as? String)
            let directory = (first as NSString).deletingLastPathComponent
            for info in parts {
                let path = directory + "/" + (info.path as NSString).lastPathComponent
                #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            }
            let contents = fixture.hub.requests.filter(\.isContent).count
            #expect(contents == 3)

            let deleted = try await fixture.http.send(.DELETE, "/api/models/\(id)?delete_local_file=true")
            #expect(deleted.status == 204)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }

    @Test func aCorruptPartFailsTheModelWithItsNumber() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            let parts = Self.parts(fixture.hub)
            fixture.hub.updateFaults(repo: LiveDownloads.repo, path: parts[1].path) { $0.corruptBytes = true }
            let id = try await fixture.createLocal(file: parts[0].path, downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "failed", "\(job)")
            #expect((job["error_message"] as? String)?.contains("part 2 of 3") == true, "\(job)")
            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["downloaded"] as? Bool == false && model["download_status"] as? String == "failed", "\(model)")
            // The third part was never asked for.
            #expect(!fixture.hub.requests.contains { $0.recorded.path.hasSuffix("00003-of-00003.gguf") })
        }
    }
}
