import Crypto
import Foundation
import HangarTesting
import LocalModels
import Testing

/// What only a real process shows: a download survives `kill -9` of the server.
@Suite(.serialized, .timeLimit(.minutes(2))) struct DownloadRecoveryTests {
    static let repo = "acme/Tiny-GGUF"
    static let file = "tiny-Q4_0.gguf"

    static func createBody(name: String = "Tiny", downloadNow: Bool = true) -> String {
        #"{"provider_id":"local","name":"\#(name)","api_name":"tiny","hf_repo":"\#(repo)","model_file":"\#(file)","download_now":\#(downloadNow)}"#
    }

    @Test func killedServerResumesFromThePartialFileAndEndsVerified() async throws {
        try await FakeHub.withHub { hub in
            let bytes = GGUFBuilder.model().build(tensorData: 6 << 20)
            let info = hub.addFile(repo: Self.repo, path: Self.file, bytes: bytes)
            hub.updateFaults(repo: Self.repo, path: Self.file) { $0.bytesPerSecond = 1 << 20 }
            let directory = try TemporaryDirectory.make()

            let first = try await ServeProcess.start(dataDirectory: directory, hubEndpoint: hub.hubURL)
            let api = LiveHTTP(url: first.url, token: CLIFixture.token)
            let created = try await api.send(.POST, "/api/models", json: Self.createBody())
            #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
            let modelID = try #require(try created.json()["id"] as? String)
            await hub.waitForBytesServed(atLeast: 2 << 20)
            await first.kill9()

            let destination = try ModelPaths.localPath(
                modelsDirectory: directory + "/models", file: HubFileReference(repo: Self.repo, revision: "main", file: Self.file))
            let partSize = try #require(FileManager.default.attributesOfItem(atPath: destination + ".part")[.size] as? NSNumber).int64Value
            #expect(partSize > 0)
            #expect(!FileManager.default.fileExists(atPath: destination))

            hub.updateFaults(repo: Self.repo, path: Self.file) { $0.bytesPerSecond = nil }
            // A server left running by a failed expectation is killed when `second` goes away.
            let second = try await ServeProcess.start(dataDirectory: directory, hubEndpoint: hub.hubURL)
            let again = LiveHTTP(url: second.url, token: CLIFixture.token)
            let status = try await again.send(.GET, "/api/models/\(modelID)/download-status").json()
            let jobID = try #require(status["job_id"] as? String)
            try await again.events("/api/jobs/\(jobID)/events") { event in event.name != "done" && event.name != "error" }
            let model = try await again.send(.GET, "/api/models/\(modelID)").json()
            #expect(model["download_status"] as? String == "downloaded", "\(model)\n\(second.log.suffix(2000))")
            #expect(model["checksum"] as? String == info.sha256)
            await second.stop()
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: destination))
            #expect(SHA256.hash(data: onDisk).map { String(format: "%02x", $0) }.joined() == info.sha256)
            #expect(!FileManager.default.fileExists(atPath: destination + ".part"))

            // The second server asked only for the missing bytes.
            let ranges = hub.requests.filter(\.isContent).compactMap { $0.header("Range") }
            let resumedAt = try #require(ranges.last.flatMap { Int64($0.dropFirst("bytes=".count).dropLast()) })
            #expect(resumedAt > 0 && resumedAt <= partSize, "ranges: \(ranges), part: \(partSize)")
        }
    }
}

enum TemporaryDirectory {
    static func make() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-proc-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
