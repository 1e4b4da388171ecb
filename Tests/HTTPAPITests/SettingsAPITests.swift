import App
import Foundation
import HangarCore
import HangarTesting
import Storage
import Testing

@Suite struct SettingsAPITests {
    @Test(arguments: TestDatabases.engines)
    func getPutResetAndValidate(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let initial = try await api.get("/api/settings")
            #expect(initial.status == .ok)
            #expect(initial.object["download_concurrency"] as? Int == 2)
            #expect(initial.object["ollama_cache_seconds"] as? Int == 5)
            #expect(initial.object["hf_endpoint"] as? String == "https://huggingface.co")
            #expect(initial.object["job_retention_days"] as? Int == 30)
            let purposes = try #require(initial.object["default_models"] as? [String: Any])
            #expect(Set(purposes.keys) == ["chat", "code", "embedding", "vision"])
            #expect(purposes.values.allSatisfy { $0 is NSNull })

            let changed = try await api.send(
                .put, "/api/settings",
                json: [
                    "download_concurrency": 4, "hf_endpoint": "http://hub.internal:8080",
                    "default_models": ["chat": "mistral-mistral-large-latest"],
                ])
            #expect(changed.status == .ok, "\(changed)")
            #expect(changed.object["download_concurrency"] as? Int == 4)
            #expect((changed.object["default_models"] as? [String: Any])?["chat"] as? String == "mistral-mistral-large-latest")
            #expect(try await api.get("/api/settings").object["hf_endpoint"] as? String == "http://hub.internal:8080")

            let reset = try await api.send(.put, "/api/settings", json: ["download_concurrency": NSNull()])
            #expect(reset.object["download_concurrency"] as? Int == 2)
            #expect(reset.object["hf_endpoint"] as? String == "http://hub.internal:8080", "keys not sent stay")

            expectError(
                try await api.send(.put, "/api/settings", json: ["download_concurrency": 0]), .unprocessableContent,
                code: "validation_failed", field: "download_concurrency")
            expectError(
                try await api.send(.put, "/api/settings", json: ["hf_endpoint": "huggingface.co"]), .unprocessableContent,
                field: "hf_endpoint")
            for days in [0, 3651] {
                expectError(
                    try await api.send(.put, "/api/settings", json: ["job_retention_days": days]), .unprocessableContent,
                    code: "validation_failed", field: "job_retention_days")
            }
            let year = try await api.send(.put, "/api/settings", json: ["job_retention_days": 365])
            #expect(year.object["job_retention_days"] as? Int == 365, "\(year)")
            #expect(
                try await api.send(.put, "/api/settings", json: ["job_retention_days": NSNull()]).object["job_retention_days"] as? Int == 30
            )
            expectError(
                try await api.send(.put, "/api/settings", json: ["default_models": ["chat": "no-such-model"]]),
                .notFound, code: "model_not_found", field: "default_models.chat")
            expectError(try await api.send(.put, "/api/settings", json: ["ollama_cache_secs": 3]), .badRequest)
            expectError(try await api.send(.put, "/api/settings", json: ["download_concurrency": "4"]), .badRequest)
            expectError(try await api.send(.put, "/api/settings", json: ["default_models": ["audio": "x"]]), .badRequest)
            #expect(try await api.get("/api/settings").object["download_concurrency"] as? Int == 2, "refused changes store nothing")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theOllamaRuntimeSettingsAreCheckedAndKept(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let initial = try await api.get("/api/settings").object
            #expect(initial["ollama_keep_alive"] as? String == "5m" && initial["ollama_update_check_hours"] as? Int == 0, "\(initial)")
            for (body, field) in [
                (#"{"ollama_status_poll_seconds": 3601}"#, "ollama_status_poll_seconds"),
                (#"{"ollama_update_check_hours": -1}"#, "ollama_update_check_hours"),
                (#"{"ollama_keep_alive": "soon"}"#, "ollama_keep_alive"),
            ] {
                let refused = try await api.send(.put, "/api/settings", raw: body)
                #expect(refused.status == .unprocessableContent, "\(body): \(refused)")
                #expect((refused.object["error"] as? [String: Any]).flatMap { $0["fields"] as? [String: Any] }?[field] != nil, "\(refused)")
            }
            #expect(try await api.get("/api/settings").object["ollama_keep_alive"] as? String == "5m", "refused changes store nothing")
            let set = try await api.send(
                .put, "/api/settings",
                raw: #"{"ollama_status_poll_seconds": 30, "ollama_keep_alive": "-1", "ollama_update_check_hours": 24}"#)
            #expect(set.status == .ok, "\(set)")
            let read = try await api.get("/api/settings").object
            #expect(read["ollama_status_poll_seconds"] as? Int == 30 && read["ollama_keep_alive"] as? String == "-1")
            #expect(read["ollama_update_check_hours"] as? Int == 24)
            let rules = (try await api.get("/api/meta").object["fields"] as? [String: Any])?["settings"] as? [String: Any]
            #expect((rules?["ollama_keep_alive"] as? [String: Any])?["pattern"] as? String == OllamaKeepAlive.pattern, "\(rules ?? [:])")
            #expect((rules?["ollama_update_check_hours"] as? [String: Any])?["max"] as? Double == 720)
        }
    }

    @Test func theOllamaCacheSettingTakesEffectWithoutARestart() async throws {
        try await LiveOllama.run(.sqlite) { fixture in
            let off = try await fixture.http.send(.PUT, "/api/settings", json: #"{"ollama_cache_seconds": 0}"#)
            #expect(off.status == 200, "\(off)")
            let before = fixture.ollama.requestCount("GET", "/api/tags")
            for _ in 0..<2 {
                #expect(try await fixture.get("/models").json()["cached"] as? Bool == false)
            }
            #expect(fixture.ollama.requestCount("GET", "/api/tags") == before + 2)
            _ = try await fixture.http.send(.PUT, "/api/settings", json: #"{"ollama_cache_seconds": 600}"#)
            _ = try await fixture.get("/models")
            #expect(try await fixture.get("/models").json()["cached"] as? Bool == true)
        }
    }

    @Test func theHubEndpointSettingIsWhereDownloadsGo() async throws {
        try await FakeHub.withHub { hub in
            let location = try await TestDatabases.makeLocation(.sqlite)
            var configuration = TestServer.configuration(location)
            configuration.hubEndpoint = "http://127.0.0.1:9"
            try await TestServer.withLiveServer(configuration) { port in
                let fixture = LiveDownloads.Fixture(
                    http: LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token), hub: hub,
                    dataDirectory: location.dataDirectory)
                _ = hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: DownloadAPITests.model)
                let put = try await fixture.http.send(.PUT, "/api/settings", json: #"{"hf_endpoint": "\#(hub.hubURL)"}"#)
                #expect(put.status == 200, "\(put)")
                let id = try await fixture.createLocal(downloadNow: true)
                let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
                #expect(job["state"] as? String == "succeeded", "\(job)")
                #expect(hub.requests.filter(\.isContent).count == 1)
            }
        }
    }

    /// The server prunes job history at start with the retention in effect: the default keeps
    /// a month, and a shorter stored setting applies at the next start.
    @Test(arguments: TestDatabases.engines)
    func finishedJobsPastTheRetentionArePrunedAtStart(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let configuration = TestServer.configuration(location)
        let (twenty, eight, running) = try await TestServer.withCatalog(configuration) { catalog in
            let db = catalog.database
            return (
                try await TestJobs.insert(db, target: "twenty", state: .succeeded, finishedAt: .daysAgo(20)),
                try await TestJobs.insert(db, target: "eight", state: .failed, finishedAt: .daysAgo(8)),
                try await TestJobs.insert(db, target: "long", state: .queued, createdAt: .daysAgo(100))
            )
        }
        try await TestServer.withApp(location) { api in
            for id in [twenty, eight, running] { #expect(try await api.get("/api/jobs/\(id)").status == .ok, "\(id) kept a month") }
            let put = try await api.send(.put, "/api/settings", json: ["job_retention_days": 10])
            #expect(put.status == .ok, "\(put)")
        }
        try await TestServer.withApp(location) { api in
            expectError(try await api.get("/api/jobs/\(twenty)"), .notFound)
            #expect(try await api.get("/api/jobs/\(eight)").status == .ok)
            #expect(try await api.get("/api/jobs/\(running)").status == .ok, "queued jobs are never pruned")
        }
    }
}
