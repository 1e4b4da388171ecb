import Foundation
import HangarTesting
import Storage
import Testing

/// Pulls as jobs against the fake Ollama: summed progress to the end, one job per model and
/// server, Ollama's in-band errors, and a cancel that really closes the stream.
@Suite(.timeLimit(.minutes(2))) struct OllamaPullAPITests {
    @Test(arguments: TestDatabases.engines)
    func aPullStreamsSummedProgressAndEndsInstalled(_ engine: DatabaseEngine) async throws {
        try await LiveOllama.run(engine) { fixture in
            fixture.ollama.pullBehaviour.gated = true
            let model = try #require(fixture.catalog.model("qwen2.5:7b"))
            let started = try await fixture.post("/pull", #"{"model":"qwen2.5:7b"}"#)
            #expect(started.status == 202, "\(started)")
            let job = try started.json()
            let id = try #require(job["id"] as? String)
            #expect(job["kind"] as? String == "pull")
            #expect(job["target"] as? String == "ollama:\(fixture.providerID):qwen2.5:7b")
            #expect(job["provider_id"] as? String == fixture.providerID && job["ollama_model"] as? String == "qwen2.5:7b")
            // The same model again, spelled otherwise, while it runs: the same job.
            let again = try await fixture.post("/pull", #"{"model":"library/Qwen2.5:7b"}"#)
            #expect(again.status == 202)
            #expect(try again.json()["id"] as? String == id)

            // A few lines through; once a client saw part of the bytes, the rest.
            fixture.ollama.releasePullLines(4)
            let events = try await fixture.follow(job: id) { job in
                let done = (job["progress"] as? [String: Any])?["bytes_done"] as? Int ?? 0
                if done > 0 && done < model.size && fixture.ollama.pullBehaviour.gated {
                    fixture.ollama.pullBehaviour.gated = false
                    fixture.ollama.releasePullLines(1000)
                }
            }
            let last = try #require(events.last)
            #expect(last.name == "done", "\(events.map(\.name))")
            let progress = try #require(last.job["progress"] as? [String: Any])
            #expect(progress["bytes_total"] as? Int == model.size, "\(progress)")
            #expect(progress["bytes_done"] as? Int == model.size)
            #expect(progress["percent"] as? Double == 100)
            #expect(progress["phase"] as? String == "success")
            #expect(progress["message"] as? String == "success")
            let result = try #require(last.job["result"] as? [String: Any], "\(last.job)")
            #expect(result["model"] as? String == "qwen2.5:7b")
            #expect(result["digest"] as? String == model.digest)
            let partial = events.compactMap { $0.job["progress"] as? [String: Any] }.compactMap { $0["bytes_done"] as? Int }
            #expect(partial.contains { $0 > 0 && $0 < model.size }, "progress between 0 and the total: \(partial)")
            #expect(partial == partial.sorted(), "bytes never go back: \(partial)")
            // Only one pull reached Ollama; the list shows the model without waiting for the cache.
            #expect(fixture.ollama.pullRequestCount == 1)
            let names = try await fixture.modelNames(refresh: false)
            #expect(names.contains("qwen2.5:7b"), "\(names)")
        }
    }

    @Test func anErrorLineMidStreamFailsTheJobWithOllamasWords() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            fixture.ollama.pullBehaviour.failAfterProgressLines = 2
            fixture.ollama.pullBehaviour.failureMessage = "max retries exceeded: unexpected EOF"
            let id = try #require(try await fixture.post("/pull", #"{"model":"mistral:7b"}"#).json()["id"] as? String)
            let last = try #require(try await fixture.follow(job: id).last)
            #expect(last.name == "error")
            #expect(last.job["state"] as? String == "failed")
            #expect(last.job["error_code"] as? String == "pull_failed")
            #expect((last.job["error_message"] as? String)?.contains("max retries exceeded: unexpected EOF") == true, "\(last.job)")
            #expect(fixture.ollama.installedModel("mistral:7b") == nil)
            #expect(try await fixture.modelNames().contains("mistral:7b") == false)
        }
    }

    @Test func aModelTheRegistryDoesNotHaveFailsWithOllamasMessage() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            let id = try #require(try await fixture.post("/pull", #"{"model":"no-such-model:1b"}"#).json()["id"] as? String)
            let last = try #require(try await fixture.follow(job: id).last)
            #expect(last.job["state"] as? String == "failed")
            #expect((last.job["error_message"] as? String)?.contains("pull model manifest: file does not exist") == true, "\(last.job)")
        }
    }

    @Test func cancelClosesTheUpstreamStreamAndNothingIsInstalled() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            fixture.ollama.pullBehaviour.gated = true
            let id = try #require(try await fixture.post("/pull", #"{"model":"llama3.2:1b"}"#).json()["id"] as? String)
            fixture.ollama.releasePullLines(3)
            _ = await fixture.ollama.waitForPull(linesSent: 3)
            let canceled = try await fixture.http.send(.POST, "/api/jobs/\(id)/cancel")
            #expect(canceled.status == 200)
            #expect(try canceled.json()["state"] as? String == "canceled")
            // Ollama saw its client leave mid-stream: the transfer stops there.
            let record = await fixture.ollama.waitForPullEnd()
            #expect(record.end == .clientDisconnected, "\(record)")
            #expect(record.installed == false)
            #expect(fixture.ollama.installedModel("llama3.2:1b") == nil)
            let job = try await fixture.http.send(.GET, "/api/jobs/\(id)").json()
            #expect(job["state"] as? String == "canceled")
            // A new pull is a new job that can finish.
            fixture.ollama.pullBehaviour.gated = false
            fixture.ollama.releasePullLines(1000)
            let next = try #require(try await fixture.post("/pull", #"{"model":"llama3.2:1b"}"#).json()["id"] as? String)
            #expect(next != id)
            #expect(try await fixture.follow(job: next).last?.name == "done")
            #expect(fixture.ollama.installedModel("llama3.2:1b") != nil)
        }
    }

    @Test func aServerDownFailsThePullWithUpstreamUnreachable() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            try await withClosedPort { port in
                let created = try await fixture.http.send(
                    .POST, "/api/providers", json: #"{"kind":"ollama","name":"Gone","base_url":"http://127.0.0.1:\#(port)"}"#)
                let gone = try #require(try created.json()["id"] as? String)
                let started = try await fixture.http.send(.POST, "/api/providers/\(gone)/ollama/pull", json: #"{"model":"llama3.2"}"#)
                let id = try #require(try started.json()["id"] as? String)
                let last = try #require(try await fixture.follow(job: id).last)
                #expect(last.job["state"] as? String == "failed")
                #expect(last.job["error_code"] as? String == "upstream_unreachable", "\(last.job)")
            }
        }
    }
}
