import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

@Suite struct FakeOllamaPullTests {
    @Test func aPullStreamsProgressLikeOllamaAndInstallsTheModel() async throws {
        try await FakeOllama.withServer(models: []) { fake in
            let reply = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"llama3.2:1b"}"#)

            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "Content-Type") == "application/x-ndjson")
            let lines = try reply.lines()
            let statuses = lines.compactMap { $0["status"] as? String }
            #expect(statuses.first == "pulling manifest")
            #expect(Array(statuses.suffix(3)) == ["verifying sha256 digest", "writing manifest", "success"])
            let progress = lines.filter { $0["digest"] != nil }
            let digests = progress.compactMap { $0["digest"] as? String }
            #expect(Set(digests).count == 6, "five layers and the config")
            let totals = Set(progress.compactMap { $0["total"] as? Int })
            #expect(totals.count >= 2)
            for digest in Set(digests) {
                let layer = progress.filter { $0["digest"] as? String == digest }
                let completed = layer.map { $0["completed"] as? Int ?? 0 }
                #expect(layer.count > 1 && completed == completed.sorted())
                #expect(completed.last == layer.first?["total"] as? Int)
                #expect(layer.first?["status"] as? String == "pulling " + digest.dropFirst(7).prefix(12))
            }
            let tags = try await send(.GET, fake.baseURL + "/api/tags").json()
            let models = try #require(tags["models"] as? [[String: Any]])
            #expect(models.first?["name"] as? String == "llama3.2:1b")
            #expect(models.first?["digest"] as? String == fake.catalog.model("llama3.2:1b")?.digest)
            #expect(fake.pulls.first?.installed == true)
        }
    }

    @Test func anUnknownModelFailsInBandAfterPullingManifest() async throws {
        try await FakeOllama.withServer { fake in
            let reply = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"nope:7b"}"#)
            #expect(reply.status == 200)
            let lines = try reply.lines()
            #expect(lines.count == 2)
            #expect(lines[0]["status"] as? String == "pulling manifest")
            #expect(lines[1]["error"] as? String == "pull model manifest: file does not exist")
        }
    }

    @Test func anInvalidNameIsRefusedBeforeStreaming() async throws {
        try await FakeOllama.withServer { fake in
            let reply = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"bad name!"}"#)
            #expect(reply.status == 400)
            #expect(try reply.json()["error"] as? String == "invalid model name")
            #expect(fake.pullRequestCount == 1 && fake.pulls.isEmpty)
        }
    }

    @Test func anUnstreamedPullAnswersOnceAtTheEnd() async throws {
        try await FakeOllama.withServer(models: []) { fake in
            let done = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"qwen2.5:0.5b","stream":false}"#)
            #expect(done.status == 200)
            #expect(try done.json() as NSDictionary == ["status": "success"] as NSDictionary)
            #expect(fake.models == ["qwen2.5:0.5b"])

            let failed = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"nope","stream":false}"#)
            #expect(failed.status == 500)
            #expect(try failed.json()["error"] as? String == "pull model manifest: file does not exist")
        }
    }

    @Test func anInjectedFailureEndsTheStreamAndInstallsNothing() async throws {
        try await FakeOllama.withServer(models: []) { fake in
            fake.pullBehaviour.failAfterProgressLines = 5
            fake.pullBehaviour.failureMessage = "digest mismatch"
            let lines = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"mistral:7b"}"#).lines()

            #expect(lines.filter { $0["digest"] != nil }.count == 5)
            #expect(lines.last?["error"] as? String == "digest mismatch")
            #expect(fake.models.isEmpty)
        }
    }

    @Test func aGatedPullGoesLineByLineAndACancelLeavesNothingInstalled() async throws {
        try await FakeOllama.withServer(models: []) { fake in
            fake.pullBehaviour.gated = true
            let (statuses, received) = AsyncStream<String>.makeStream()
            let client = Task {
                try await readLines(fake.baseURL + "/api/pull", json: #"{"model":"llama3.2:1b"}"#) { line in
                    received.yield(line["status"] as? String ?? "")
                    return true
                }
            }
            var iterator = statuses.makeAsyncIterator()
            fake.releasePullLines(1)
            #expect(await iterator.next() == "pulling manifest")
            fake.releasePullLines(2)
            let sent = await fake.waitForPull(linesSent: 3)
            #expect(sent.lines.count == 3 && sent.end == nil)
            _ = await iterator.next()
            _ = await iterator.next()

            client.cancel()
            _ = try? await client.value
            let pull = await fake.waitForPullEnd()
            #expect(pull.end == .clientDisconnected)
            #expect(pull.linesSent == 3)
            #expect(!pull.installed && fake.models.isEmpty)
        }
    }

    @Test func aPacedPullWaitsBetweenLines() async throws {
        try await FakeOllama.withServer(models: []) { fake in
            fake.pullBehaviour.pause = .milliseconds(20)
            fake.pullBehaviour.progressSteps = 1
            let clock = ContinuousClock()
            let started = clock.now
            let lines = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"nomic-embed-text"}"#).lines()
            #expect(clock.now - started >= .milliseconds(20) * (lines.count - 1))
            #expect(fake.models == ["nomic-embed-text:latest"])
        }
    }

    @Test func pullingAnUpdateFetchesOnlyTheNewBlobsAndPrunesTheOldOnes() async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllama.withServer(models: ["mistral:7b"], catalog: catalog) { fake in
            let old = try #require(fake.installedModel("mistral:7b"))
            let new = catalog.publishUpdate(of: "mistral:7b")
            let lines = try await send(.POST, fake.baseURL + "/api/pull", json: #"{"model":"mistral:7b"}"#).lines()

            let weights = lines.filter { $0["digest"] as? String == new.manifest.layers[0].digest }
            let template = lines.filter { $0["digest"] as? String == new.manifest.layers[1].digest }
            #expect(weights.count > 1, "new weights are downloaded")
            #expect(template.count == 1 && template[0]["completed"] as? Int == template[0]["total"] as? Int, "on disk")
            #expect(lines.contains { $0["status"] as? String == "removing unused layers" })
            #expect(fake.installedModel("mistral:7b")?.digest == new.digest && new.digest != old.digest)
        }
    }
}
