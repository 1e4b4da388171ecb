import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

/// The fakes as `hangar-fakes` runs them: the real wire formats on one port, seeded and
/// steered under `/_fake/`.
@Suite struct FakeControlTests {
    @Test func hubServesRegisteredGGUFFilesWithRangesGatesAndARequestLog() async throws {
        try await FakeHub.withControlledHub { url in
            let added = try await send(
                .POST, url + "/_fake/hub/files", json: #"{"repo":"acme/m-GGUF","path":"m.gguf","size":4096,"gguf":true}"#
            ).json()
            #expect(added["size"] as? Int == 4096)
            let whole = try await send(.GET, url + "/acme/m-GGUF/resolve/main/m.gguf")
            #expect(whole.status == 200 && whole.body.count == 4096)
            #expect(Array(whole.body.prefix(4)) == Array("GGUF".utf8))
            #expect(FakeHub.sha256Hex(whole.body) == added["sha256"] as? String)
            let tail = try await send(.GET, url + "/acme/m-GGUF/resolve/main/m.gguf", headers: [("Range", "bytes=100-")])
            #expect(tail.status == 206 && tail.body == Array(whole.body[100...]))
            #expect(tail.headers.first(name: "Content-Range") == "bytes 100-4095/4096")

            _ = try await send(.POST, url + "/_fake/hub/repos", json: #"{"repo":"acme/m-GGUF","access":"gated","token":"hf_ok"}"#)
            let refused = try await send(.GET, url + "/acme/m-GGUF/resolve/main/m.gguf")
            #expect(refused.status == 401 && refused.headers.first(name: "X-Error-Code") == "GatedRepo")
            let granted = try await send(
                .GET, url + "/acme/m-GGUF/resolve/main/m.gguf", headers: [("Authorization", "Bearer hf_ok")])
            #expect(granted.status == 200)

            let log = try JSON.array(Data(try await send(.GET, url + "/_fake/requests").body))
            #expect(log.allSatisfy { !($0["path"] as? String ?? "").hasPrefix("/_fake/") })
            let resolves = log.filter { ($0["path"] as? String)?.contains("/resolve/") == true }
            #expect(resolves.count == 4)
            #expect((resolves.last?["headers"] as? [String: String])?["authorization"] == "Bearer hf_ok")

            _ = try await send(.POST, url + "/_fake/reset")
            #expect(try await send(.GET, url + "/acme/m-GGUF/resolve/main/m.gguf").status == 401)
            #expect(try JSON.array(Data(try await send(.GET, url + "/_fake/requests").body)).count == 1)
        }
    }

    @Test func ollamaWorldServesServerRegistryAndLibraryOnOnePort() async throws {
        try await FakeOllamaWorld.withWorld { url in
            let tags = try await send(.GET, url + "/api/tags").json()["models"] as? [[String: Any]] ?? []
            #expect(tags.compactMap { $0["name"] as? String }.sorted() == ["llama3.2:latest", "qwen2.5:0.5b"])
            let installed = try #require(tags.first { $0["name"] as? String == "qwen2.5:0.5b" }?["digest"] as? String)
            let manifest = url + "/v2/library/qwen2.5/manifests/0.5b"
            #expect(try await send(.GET, manifest).headers.first(name: "Docker-Content-Digest") == "sha256:" + installed)
            #expect(try await send(.GET, url + "/search?q=smollm").text.contains("x-test-search-response-title>smollm2<"))

            let update = try await send(.POST, url + "/_fake/ollama/publish-update", json: #"{"model":"qwen2.5:0.5b"}"#).json()
            let published = try #require(update["digest"] as? String)
            #expect(published != installed)
            #expect(try await send(.GET, manifest).headers.first(name: "Docker-Content-Digest") == "sha256:" + published)

            _ = try await send(.POST, url + "/_fake/ollama/library", json: #"{"down":true}"#)
            #expect(try await send(.GET, url + "/search?q=qwen").status == 503)
            #expect(try await send(.GET, url + "/api/tags").status == 200)

            _ = try await send(.POST, url + "/_fake/ollama/load", json: #"{"model":"llama3.2:latest"}"#)
            let running = try await send(.GET, url + "/api/ps").json()["models"] as? [[String: Any]] ?? []
            #expect(running.compactMap { $0["name"] as? String } == ["llama3.2:latest"])

            _ = try await send(.POST, url + "/_fake/reset")
            #expect(try await send(.GET, url + "/search?q=qwen").status == 200)
            #expect(try await send(.GET, manifest).headers.first(name: "Docker-Content-Digest") == "sha256:" + installed)
            #expect((try await send(.GET, url + "/api/ps").json()["models"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func pullsPacedByRateGiveLargeBlobsManyLinesAndRecordWhenEachWasWritten() async throws {
        try await FakeOllamaWorld.withWorld { url in
            // 10 GB/s with a line every 10 ms: the 986 MB weights take 10 steps, small blobs one.
            _ = try await send(
                .POST, url + "/_fake/ollama/pull-behaviour", json: #"{"bytes_per_second":10000000000,"pause_ms":10}"#)
            let lines = try await send(.POST, url + "/api/pull", json: #"{"model":"qwen2.5:1.5b"}"#).lines()
            #expect(lines.last?["status"] as? String == "success")
            let weights = lines.filter { ($0["total"] as? Int) == 986_061_248 }
            #expect(weights.count == 11)
            #expect(lines.filter { ($0["total"] as? Int) == 1_482 }.count == 2)

            let pulls = try JSON.array(Data(try await send(.GET, url + "/_fake/ollama/pulls").body))
            let times = try #require(pulls.first?["line_times_ns"] as? [Int])
            #expect(times.count == lines.count && times == times.sorted())
            #expect(times.last! - times.first! >= 10_000_000 * (lines.count - 1))
        }
    }

    @Test func openAIEchoesTheLastUserMessageWithAFixedUsageAndTakesControl() async throws {
        try await FakeOpenAI.withControlledServer(
            apiKey: "sk-k", models: ["fake-model"], acceptsAnyModel: true, replyStyle: .echo(promptTokens: 12, completionTokens: 8)
        ) { url in
            let auth = [("Authorization", "Bearer sk-k")]
            let listed = try await send(.GET, url + "/v1/models", headers: auth).json()["data"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["id"] as? String } == ["fake-model"])
            let body = #"{"model":"other","messages":[{"role":"user","content":"<b>hi</b>"}]}"#
            let answer = try await send(.POST, url + "/v1/chat/completions", json: body, headers: auth).json()
            let message = (answer["choices"] as? [[String: Any]])?.first?["message"] as? [String: Any]
            #expect(message?["content"] as? String == "You said: <b>hi</b>")
            let usage = answer["usage"] as? [String: Any]
            #expect(usage?["prompt_tokens"] as? Int == 12 && usage?["completion_tokens"] as? Int == 8)
            #expect(try await send(.GET, url + "/v1/models", headers: [("Authorization", "Bearer sk-no")]).status == 401)

            _ = try await send(.POST, url + "/_fake/openai/rate-limit", json: #"{"count":1}"#)
            let limited = try await send(.POST, url + "/v1/chat/completions", json: body, headers: auth)
            #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") == "1")

            _ = try await send(.POST, url + "/_fake/delay", json: #"{"ms":200}"#)
            let start = ContinuousClock.now
            _ = try await send(.GET, url + "/v1/models", headers: auth)
            #expect(ContinuousClock.now - start >= .milliseconds(200))

            let log = try JSON.array(Data(try await send(.GET, url + "/_fake/requests").body))
            #expect(log.count == 5)
            #expect((log[1]["body"] as? [String: Any])?["model"] as? String == "other")
        }
    }
}
