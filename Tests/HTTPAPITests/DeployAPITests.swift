import Foundation
import HangarTesting
import Storage
import Testing

/// `POST /api/models/{id}/deploy` to fake Ollama servers: the blob goes only where it is
/// missing, a damaged upload fails that server's job only, and each server's model joins the
/// catalog linked to the local model.
@Suite(.timeLimit(.minutes(2))) struct DeployAPITests {
    static let bytes = GGUFBuilder.model().build(tensorData: 512 << 10)

    static func downloaded(_ fixture: LiveDownloads.Fixture) async throws -> String {
        fixture.hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: Self.bytes)
        let id = try await fixture.createLocal(downloadNow: true)
        let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
        try #require(job["state"] as? String == "succeeded", "\(job)")
        return id
    }

    static func connection(_ fixture: LiveDownloads.Fixture, _ name: String, _ fake: FakeOllama) async throws -> String {
        let created = try await fixture.http.send(
            .POST, "/api/providers", json: #"{"kind":"ollama","name":"\#(name)","base_url":"\#(fake.baseURL)"}"#)
        try #require(created.status == 201, "\(created)")
        return try #require(try created.json()["id"] as? String)
    }

    @Test(arguments: TestDatabases.engines)
    func aBlobGoesOnlyWhereItIsMissing(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine) { fixture in
            let local = try await Self.downloaded(fixture)
            try await FakeOllama.withServer { first in
                try await FakeOllama.withServer { second in
                    second.addBlob(Self.bytes)
                    let a = try await Self.connection(fixture, "GPU A", first)
                    let b = try await Self.connection(fixture, "GPU B", second)
                    let deploy = try await fixture.http.send(
                        .POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":["\#(a)","\#(b)"],"system":"Be brief."}"#)
                    #expect(deploy.status == 202, "\(deploy)")
                    let answer = try deploy.json()
                    #expect(answer["name"] as? String == "tiny-q4_0")
                    let jobs = try #require(answer["jobs"] as? [[String: Any]])
                    for job in jobs {
                        let ended = try await fixture.finish(job: try #require(job["job_id"] as? String))
                        #expect(ended["state"] as? String == "succeeded", "\(ended)")
                    }
                    #expect(first.blobUploads.map(\.accepted) == [true] && first.blobUploads.first?.bytes == Self.bytes.count)
                    #expect(second.blobUploads.isEmpty, "the second server had the blob")
                    #expect(first.models.contains("tiny-q4_0:latest") && second.models.contains("tiny-q4_0:latest"))
                    #expect(first.creates.last?["system"] == "Be brief.")
                    for provider in [a, b] {
                        let list = try await fixture.http.send(.GET, "/api/models?provider=\(provider)").json()
                        let model = (list["items"] as? [[String: Any]])?.first { $0["api_name"] as? String == "tiny-q4_0" }
                        #expect(model?["deployed_from"] as? String == local, "\(list)")
                        #expect(model?["name"] as? String == "Tiny")
                    }
                }
            }
        }
    }

    @Test func aDamagedUploadFailsOneServerOnly() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            let local = try await Self.downloaded(fixture)
            try await FakeOllama.withServer { first in
                try await FakeOllama.withServer { second in
                    first.corruptUploads(1)
                    let a = try await Self.connection(fixture, "GPU A", first)
                    let b = try await Self.connection(fixture, "GPU B", second)
                    let deploy = try await fixture.http.send(
                        .POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":["\#(a)","\#(b)"],"name":"team/tiny:q4"}"#)
                    let jobs = try #require(try deploy.json()["jobs"] as? [[String: Any]], "\(deploy)")
                    var states: [String: [String: Any]] = [:]
                    for job in jobs {
                        states[job["provider_id"] as? String ?? ""] = try await fixture.finish(job: try #require(job["job_id"] as? String))
                    }
                    #expect(states[a]?["state"] as? String == "failed" && states[a]?["error_code"] as? String == "checksum_mismatch")
                    #expect((states[a]?["error_message"] as? String)?.contains("damaged") == true, "\(states[a] ?? [:])")
                    #expect(states[b]?["state"] as? String == "succeeded")
                    #expect(!first.models.contains("team/tiny:q4") && second.models.contains("team/tiny:q4"))
                }
            }
        }
    }

    @Test func refusalsBeforeAnyJob() async throws {
        try await LiveDownloads.run(.sqlite) { fixture in
            let pending = try await fixture.createLocal(name: "Pending", downloadNow: false)
            let notYet = try await fixture.http.send(.POST, "/api/models/\(pending)/deploy", json: #"{"provider_ids":["ollama"]}"#)
            let code = (try notYet.json()["error"] as? [String: Any])?["code"] as? String
            #expect(notYet.status == 409 && code == "not_downloaded", "\(notYet)")
            let hosted = try await fixture.http.send(.POST, "/api/models/ollama-phi3/deploy", json: #"{"provider_ids":["ollama"]}"#)
            #expect(hosted.status == 409, "\(hosted)")
            let split = try await fixture.createLocal(name: "Split", file: "split-Q8_0-00001-of-00002.gguf", downloadNow: false)
            let refused = try await fixture.http.send(.POST, "/api/models/\(split)/deploy", json: #"{"provider_ids":["ollama"]}"#)
            #expect(refused.status == 409, "\(refused)")
            let local = try await Self.downloaded(fixture)
            let badName = try await fixture.http.send(
                .POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":["ollama"],"name":"Bad Name!"}"#)
            #expect(badName.status == 422, "\(badName)")
            let notOllama = try await fixture.http.send(.POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":["mistral"]}"#)
            #expect(notOllama.status == 409, "\(notOllama)")
            let none = try await fixture.http.send(.POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":[]}"#)
            #expect(none.status == 400 || none.status == 422, "\(none)")
        }
    }
}
