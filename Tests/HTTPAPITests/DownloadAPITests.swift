import Foundation
import HangarTesting
import Storage
import Testing

/// Seed 001's API over a live server and a fake Hub: create with download_now, idempotent
/// start, cancel and resume, status, Hub errors, delete with the file, the token.
@Suite(.timeLimit(.minutes(2))) struct DownloadAPITests {
    static let model = GGUFBuilder.model().build(tensorData: 256 << 10)

    @Test(arguments: TestDatabases.engines)
    func createWithDownloadNowEndsWithAVerifiedFileAndItsGGUFHeader(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine) { fixture in
            let info = fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: Self.model)
            let id = try await fixture.createLocal(downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "succeeded", "\(job)")

            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["download_status"] as? String == "downloaded")
            #expect(model["downloaded"] as? Bool == true)
            #expect(model["checksum"] as? String == info.sha256)
            #expect(model["file_size_bytes"] as? Int == Self.model.count)
            let gguf = model["gguf"] as? [String: Any]
            #expect(gguf?["architecture"] as? String == "qwen3")
            #expect(gguf?["context_length"] as? Int == 40_960)
            #expect(gguf?["quantization"] as? String == "Q4_0")
            let path = try #require(model["local_path"] as? String)
            #expect(path.hasPrefix(fixture.modelsDirectory + "/"))
            #expect(FileManager.default.contents(atPath: path) == Data(Self.model))
            #expect(!FileManager.default.fileExists(atPath: path + ".part"))

            let status = try await fixture.http.send(.GET, "/api/models/\(id)/download-status").json()
            #expect(status["download_status"] as? String == "downloaded")
            #expect(status["percent"] as? Double == 100)
            // Starting a downloaded model again changes nothing.
            let again = try await fixture.http.send(.POST, "/api/models/\(id)/download")
            #expect(again.status == 200)
            #expect(fixture.hub.requests.filter(\.isContent).count == 1)
        }
    }

    @Test func startIsIdempotentAndCancelKeepsThePartForAResume() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            let bytes = GGUFBuilder.model().build(tensorData: 2 << 20)
            let info = fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: bytes)
            fixture.hub.updateFaults(repo: LiveDownloads.repo, path: LiveDownloads.file) { $0.bytesPerSecond = 512 << 10 }
            let id = try await fixture.createLocal(downloadNow: false)
            let created = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(created["download_status"] as? String == "pending")

            let first = try await fixture.http.send(.POST, "/api/models/\(id)/download")
            let second = try await fixture.http.send(.POST, "/api/models/\(id)/download")
            #expect(first.status == 202 && second.status == 202)
            let jobID = try #require(try first.json()["job_id"] as? String)
            #expect(try second.json()["job_id"] as? String == jobID)

            await fixture.hub.waitForBytesServed(atLeast: 256 << 10)
            let canceled = try await fixture.http.send(.POST, "/api/models/\(id)/cancel-download")
            #expect(canceled.status == 200)
            #expect(try canceled.json()["job_state"] as? String == "canceled")
            let ended = try await fixture.finish(job: jobID)
            #expect(ended["state"] as? String == "canceled")
            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["download_status"] as? String == "canceled")
            #expect(model["downloaded"] as? Bool == false)

            fixture.hub.updateFaults(repo: LiveDownloads.repo, path: LiveDownloads.file) { $0.bytesPerSecond = nil }
            let resumed = try await fixture.http.send(.POST, "/api/models/\(id)/download")
            let resumedJob = try #require(try resumed.json()["job_id"] as? String)
            #expect(resumedJob != jobID)
            let done = try await fixture.finish(job: resumedJob)
            #expect(done["state"] as? String == "succeeded", "\(done)")
            let finished = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(finished["checksum"] as? String == info.sha256)
            let range = fixture.hub.requests.filter(\.isContent).last?.header("Range")
            #expect(range != nil && range != "bytes=0-", "resume asked for \(range ?? "everything")")
        }
    }

    /// A gated repository refuses a token without access (403), and a private one answers 401
    /// without a token; neither is retried.
    @Test(
        arguments: [
            (FakeHubAccess.gated(grantedToken: "hf_granted0123"), "hf_notGranted0123", "hf_gated"),
            (FakeHubAccess.privateRepo(token: "hf_owner0123"), nil, "hf_unauthorized"),
        ] as [(FakeHubAccess, String?, String)])
    func hubRefusalsFailTheDownloadWithTheirOwnError(_ access: FakeHubAccess, _ token: String?, _ code: String) async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: Self.model)
            fixture.hub.setAccess(access, repo: LiveDownloads.repo)
            let extra = token.map { #","hf_token":"\#($0)""# } ?? ""
            let id = try await fixture.createLocal(downloadNow: true, extra: extra)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "failed")
            #expect(job["error_code"] as? String == code, "\(job)")
            #expect(fixture.hub.requests.count == 1, "a refusal is not retried")
            let status = try await fixture.http.send(.GET, "/api/models/\(id)/download-status").json()
            #expect(status["download_status"] as? String == "failed")
            #expect(status["error_code"] as? String == code)
            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect((model["download_error"] as? String)?.isEmpty == false)
            #expect(model["local_path"] is NSNull)
        }
    }

    @Test func aMissingFileFailsAsNotFoundWithNoFileLeft() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            fixture.hub.addRepo(LiveDownloads.repo)
            let id = try await fixture.createLocal(downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["error_code"] as? String == "hf_not_found")
            #expect(fixture.hub.requests.filter { !$0.isContent }.count == 1, "404 is not retried")
            let leftovers = FileManager.default.enumerator(atPath: fixture.modelsDirectory)?.allObjects as? [String] ?? []
            #expect(leftovers.allSatisfy { !$0.hasSuffix(".gguf") && !$0.hasSuffix(".part") }, "\(leftovers)")
        }
    }

    @Test func theTokenIsWriteOnlyAndReachesTheHub() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            let token = "hf_testTokenValue0123456789"
            fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: Self.model)
            fixture.hub.setAccess(.privateRepo(token: token), repo: LiveDownloads.repo)
            let id = try await fixture.createLocal(downloadNow: true, extra: #","hf_token":"\#(token)""#)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "succeeded", "\(job)")
            let model = try await fixture.http.send(.GET, "/api/models/\(id)")
            #expect(try model.json()["hf_token_configured"] as? Bool == true)
            #expect(!model.text.contains(token))
            let list = try await fixture.http.send(.GET, "/api/models?kind=local")
            #expect(!list.text.contains(token))
            let cleared = try await fixture.http.send(.PATCH, "/api/models/\(id)", json: #"{"hf_token":null}"#)
            #expect(try cleared.json()["hf_token_configured"] as? Bool == false)
        }
    }

    @Test func deleteRemovesTheFileOnlyWhenAsked() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: Self.model)
            fixture.hub.addFile(repo: LiveDownloads.repo, path: "other-Q4_0.gguf", bytes: Self.model)
            let kept = try await fixture.createLocal(name: "Kept", downloadNow: true)
            let removed = try await fixture.createLocal(name: "Removed", file: "other-Q4_0.gguf", downloadNow: true)
            for id in [kept, removed] { _ = try await fixture.finish(job: try await fixture.jobID(ofModel: id)) }
            let keptPath = try #require(try await fixture.http.send(.GET, "/api/models/\(kept)").json()["local_path"] as? String)
            let removedPath = try #require(try await fixture.http.send(.GET, "/api/models/\(removed)").json()["local_path"] as? String)

            #expect(try await fixture.http.send(.DELETE, "/api/models/\(kept)").status == 204)
            #expect(try await fixture.http.send(.DELETE, "/api/models/\(removed)?delete_local_file=true").status == 204)
            #expect(FileManager.default.fileExists(atPath: keptPath))
            #expect(!FileManager.default.fileExists(atPath: removedPath))
        }
    }

    @Test func hostedModelsAndUnknownIdsHaveNoDownload() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            for path in ["/api/models/mistral-mistral-large-latest/download", "/api/models/mistral-mistral-large-latest/cancel-download"] {
                let answer = try await fixture.http.send(.POST, path)
                #expect(answer.status == 409, "\(answer)")
                #expect(answer.text.contains("not_a_local_model"))
            }
            #expect(try await fixture.http.send(.GET, "/api/models/mistral-mistral-large-latest/download-status").status == 409)
            #expect(try await fixture.http.send(.POST, "/api/models/nope/download").status == 404)
            #expect(try await fixture.http.send(.GET, "/api/jobs/nope").status == 404)
            #expect(try await fixture.http.send(.POST, "/api/jobs/nope/cancel").status == 404)
            #expect(try await fixture.http.send(.GET, "/api/jobs?limit=0").status == 422)
            #expect(try await fixture.http.send(.GET, "/api/jobs?target=").status == 422)
            #expect(try await fixture.http.send(.GET, "/api/jobs?target=%00").text == #"{"items":[]}"#)
            #expect(try await fixture.http.send(.GET, "/api/jobs/%00").status == 404)
            #expect(try await fixture.http.send(.GET, "/api/jobs?state=bogus").status == 400)
            let badHeader = try await fixture.http.send(.GET, "/api/events", headers: [("Last-Event-ID", "abc")])
            #expect(badHeader.status == 400)
            let hostedWithToken = try await fixture.http.send(
                .POST, "/api/models",
                json: #"{"provider_id":"openai","name":"X","api_name":"x","hf_token":"abc","download_now":true}"#)
            #expect(hostedWithToken.status == 409, "\(hostedWithToken)")
        }
    }
}

extension DownloadAPITests {
    /// A header that reads well but whose tensor claims data 2^50 bytes into the file.
    @Test(arguments: TestDatabases.engines)
    func aTensorOffsetPastTheFileFailsAsInvalidAndLeavesNoFile(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine) { fixture in
            let hostile = GGUFBuilder.model(
                parameterCount: 65_536,
                tensors: [.init(name: "token_embd.weight", dimensions: [1024, 64], type: 2, offset: 1 << 50)])
            fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: hostile.build(tensorData: 64 << 10))
            let id = try await fixture.createLocal(downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["state"] as? String == "failed", "\(job)")
            #expect(job["error_code"] as? String == "gguf_invalid", "\(job)")

            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["download_status"] as? String == "failed")
            #expect(model["downloaded"] as? Bool == false)
            #expect((model["download_error"] as? String)?.contains("past the end of the file") == true, "\(model)")
            let leftovers = FileManager.default.enumerator(atPath: fixture.modelsDirectory)?.allObjects as? [String] ?? []
            #expect(leftovers.allSatisfy { !$0.hasSuffix(".gguf") && !$0.hasSuffix(".part") }, "\(leftovers)")
        }
    }

    /// The Hub served exactly these bytes (the checksum matches), but they are no model.
    @Test func aFileThatIsNoGGUFFailsAsInvalidAndIsNotKept() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            fixture.hub.addFile(
                repo: LiveDownloads.repo, path: LiveDownloads.file,
                bytes: Array("GGUF but not really".utf8) + [UInt8](repeating: 0xFF, count: 4096))
            let id = try await fixture.createLocal(downloadNow: true)
            let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
            #expect(job["error_code"] as? String == "gguf_invalid", "\(job)")
            let model = try await fixture.http.send(.GET, "/api/models/\(id)").json()
            #expect(model["download_status"] as? String == "failed")
            let leftovers = FileManager.default.enumerator(atPath: fixture.modelsDirectory)?.allObjects as? [String] ?? []
            #expect(leftovers.allSatisfy { !$0.hasSuffix(".gguf") && !$0.hasSuffix(".part") }, "\(leftovers)")
        }
    }
}
