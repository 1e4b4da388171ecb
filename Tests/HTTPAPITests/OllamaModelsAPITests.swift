import Foundation
import HangarTesting
import Storage
import Testing

/// Show, delete, copy, running models, load, soft and forced eject, update checks, the
/// catalog link and the library, against the fakes.
@Suite(.timeLimit(.minutes(2))) struct OllamaModelsAPITests {
    @Test func showDeleteAndCopy() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            let shown = try await fixture.get("/models/show?model=llama3.2")
            #expect(shown.status == 200, "\(shown)")
            let details = try shown.json()
            #expect(details["name"] as? String == "llama3.2")
            #expect(details["family"] as? String == "llama")
            #expect((details["capabilities"] as? [String])?.contains("completion") == true)
            #expect(details["context_length"] is Int, "\(details)")
            #expect(details["model_info"] is [String: Any])
            let missing = try await fixture.get("/models/show?model=mistral:7b")
            #expect(missing.status == 404)
            #expect((try missing.json()["error"] as? [String: Any])?["code"] as? String == "ollama_model_not_found")

            let copied = try await fixture.post("/copy", #"{"source":"llama3.2","destination":"me/llama3.2:prod"}"#)
            #expect(copied.status == 204, "\(copied)")
            #expect(try await fixture.modelNames(refresh: false).contains("me/llama3.2:prod"), "the cache was dropped")
            let copyMissing = try await fixture.post("/copy", #"{"source":"nothing:here","destination":"x"}"#)
            #expect(copyMissing.status == 404)

            let deleted = try await fixture.http.send(.DELETE, fixture.base + "/models?model=me%2Fllama3.2%3Aprod")
            #expect(deleted.status == 204, "\(deleted)")
            #expect(try await fixture.modelNames(refresh: false).contains("me/llama3.2:prod") == false)
            let again = try await fixture.http.send(.DELETE, fixture.base + "/models?model=me%2Fllama3.2%3Aprod")
            #expect(again.status == 404)
        }
    }

    @Test func loadRunningAndSoftEject() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            #expect((try await fixture.get("/running").json()["models"] as? [Any])?.isEmpty == true)
            let loaded = try await fixture.post("/load", #"{"model":"qwen2.5:0.5b","keep_alive":"10m"}"#)
            #expect(loaded.status == 200, "\(loaded)")
            #expect(try loaded.json()["loaded"] as? Bool == true)
            let running = try #require(try await fixture.get("/running").json()["models"] as? [[String: Any]])
            #expect(running.map { $0["name"] as? String } == ["qwen2.5:0.5b"])
            #expect(running.first?["size_vram"] is Int && running.first?["expires_at"] is String, "\(running)")
            let ejected = try await fixture.post("/eject", #"{"model":"qwen2.5:0.5b"}"#)
            #expect(ejected.status == 200)
            let result = try ejected.json()
            #expect(result["forced"] as? Bool == false && result["verified"] as? Bool == false && result["attempts"] as? Int == 1)
            #expect(fixture.ollama.loadedModels.isEmpty)
            let unknown = try await fixture.post("/load", #"{"model":"mistral:7b"}"#)
            #expect(unknown.status == 404)
        }
    }

    @Test func forcedEjectRepeatsUntilALaggingPsNoLongerListsTheModel() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            fixture.ollama.load("llama3.2:latest")
            fixture.ollama.ignoreSoftUnloads(2)
            fixture.ollama.unloadLag = .polls(2)
            let ejected = try await fixture.post("/eject", #"{"model":"llama3.2","force":true}"#)
            #expect(ejected.status == 200, "\(ejected)")
            let result = try ejected.json()
            #expect(result["verified"] as? Bool == true)
            #expect((result["attempts"] as? Int ?? 0) >= 3, "two ignored requests, then one that worked: \(result)")
            #expect(fixture.ollama.loadedModels.isEmpty)
            #expect((try await fixture.get("/running").json()["models"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func forcedEjectGivesUpAfterFiveSecondsWithAClearError() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            fixture.ollama.load("llama3.2:latest")
            fixture.ollama.ignoreSoftUnloads(1000)
            let clock = ContinuousClock()
            let started = clock.now
            let ejected = try await fixture.post("/eject", #"{"model":"llama3.2","force":true}"#)
            let elapsed = clock.now - started
            #expect(ejected.status == 409, "\(ejected)")
            let error = try #require(try ejected.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "eject_incomplete")
            #expect((error["message"] as? String)?.contains("still loaded") == true)
            #expect(elapsed >= .seconds(4) && elapsed < .seconds(8), "\(elapsed)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func updateChecksCompareTheRegistryManifestWithTheLocalDigest(_ engine: DatabaseEngine) async throws {
        try await LiveOllama.run(engine, installed: ["llama3.2:latest", "qwen2.5:0.5b", "my-own-model:v1", "hf.co/acme/tiny-GGUF:Q4_0"]) {
            fixture in
            func check() async throws -> [String: [String: Any]] {
                let started = try await fixture.http.send(.POST, fixture.base + "/check-updates")
                #expect(started.status == 202, "\(started)")
                let job = try started.json()
                #expect(job["kind"] as? String == "check_updates")
                let id = try #require(job["id"] as? String)
                let last = try #require(try await fixture.follow(job: id).last)
                #expect(last.name == "done", "\(last.job)")
                let models = try #require(try await fixture.get("/models").json()["models"] as? [[String: Any]])
                let shown = Dictionary(
                    uniqueKeysWithValues: models.map { ($0["name"] as? String ?? "", $0["update"] as? [String: Any] ?? [:]) })
                // The finished job carries the same answers.
                let stored = try await fixture.http.send(.GET, "/api/jobs/\(id)").json()
                let result = try #require((stored["result"] as? [String: Any])?["models"] as? [[String: Any]], "\(stored)")
                #expect(result.count == shown.count)
                for entry in result {
                    let name = entry["name"] as? String ?? ""
                    #expect(entry["status"] as? String == shown[name]?["status"] as? String, "\(name)")
                    #expect(entry["remote_digest"] as? String == shown[name]?["remote_digest"] as? String, "\(name)")
                }
                return shown
            }
            var updates = try await check()
            #expect(updates["llama3.2:latest"]?["status"] as? String == "up_to_date", "\(updates)")
            #expect(updates["qwen2.5:0.5b"]?["status"] as? String == "up_to_date")
            #expect(updates["my-own-model:v1"]?["status"] as? String == "unknown")
            #expect((updates["my-own-model:v1"]?["reason"] as? String)?.isEmpty == false)
            #expect(updates["hf.co/acme/tiny-GGUF:Q4_0"]?["status"] as? String == "unknown")
            #expect((updates["hf.co/acme/tiny-GGUF:Q4_0"]?["reason"] as? String)?.contains("hf.co") == true)
            let manifestsBefore = fixture.registry.manifestRequests.count

            // The registry publishes a new llama3.2:latest: only that one is behind.
            let newer = fixture.registry.publishUpdate(of: "llama3.2:latest")
            updates = try await check()
            let llama = try #require(updates["llama3.2:latest"])
            #expect(llama["status"] as? String == "update_available", "\(updates)")
            #expect(llama["remote_digest"] as? String == newer.digest)
            #expect(llama["local_digest"] as? String == fixture.ollama.installedModel("llama3.2:latest")?.digest)
            #expect(updates["qwen2.5:0.5b"]?["status"] as? String == "up_to_date")
            // Manifests only: no layer was downloaded to decide.
            #expect(fixture.registry.manifestRequests.count > manifestsBefore)
            #expect(fixture.registry.server.requests.allSatisfy { $0.path.contains("/manifests/") })
            #expect(fixture.ollama.pullRequestCount == 0)
        }
    }

    @Test func theCatalogShowsWhichOfItsModelsTheServerHas() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            for (name, apiName) in [("Llama here", "llama3.2"), ("Qwen tiny", "qwen2.5:0.5b"), ("Not pulled", "mistral:7b")] {
                let created = try await fixture.http.send(
                    .POST, "/api/models", json: #"{"provider_id":"\#(fixture.providerID)","name":"\#(name)","api_name":"\#(apiName)"}"#)
                #expect(created.status == 201, "\(created)")
            }
            let entries = try #require(try await fixture.get("/catalog").json()["models"] as? [[String: Any]])
            let byAPIName = Dictionary(uniqueKeysWithValues: entries.map { ($0["api_name"] as? String ?? "", $0) })
            #expect(byAPIName["llama3.2"]?["installed"] as? Bool == true)
            #expect(byAPIName["llama3.2"]?["installed_name"] as? String == "llama3.2:latest")
            #expect(byAPIName["qwen2.5:0.5b"]?["installed"] as? Bool == true)
            #expect(byAPIName["mistral:7b"]?["installed"] as? Bool == false)
            #expect(byAPIName["mistral:7b"]?["installed_name"] is NSNull)
        }
    }

    @Test func librarySearchAndVariants() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            let search = try await fixture.get("/library?q=qwen")
            #expect(search.status == 200, "\(search)")
            let models = try #require(try search.json()["models"] as? [[String: Any]])
            #expect(models.contains { $0["name"] as? String == "qwen2.5" }, "\(models)")
            #expect(
                models.allSatisfy {
                    ($0["name"] as? String)?.lowercased().contains("qwen") == true
                        || ($0["description"] as? String)?.lowercased().contains("qwen") == true
                })
            let variants = try await fixture.get("/library/variants?model=qwen2.5")
            #expect(variants.status == 200, "\(variants)")
            let tags = try #require(try variants.json()["variants"] as? [[String: Any]])
            #expect(tags.contains { $0["name"] as? String == "qwen2.5:0.5b" }, "\(tags)")
            #expect(Set(tags.compactMap { $0["name"] as? String }).count == tags.count, "no duplicates")
            let missing = try await fixture.get("/library/variants?model=nothing-like-this")
            #expect(missing.status == 404)
        }
    }
}
