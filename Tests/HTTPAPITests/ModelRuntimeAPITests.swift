import App
import Foundation
import HangarTesting
import Storage
import Testing

/// Start and stop a model on its Ollama servers, with its status per server kept in the
/// database, refreshed from `/api/ps`, announced as `runtime` events, and still there after a
/// restart.
@Suite(.timeLimit(.minutes(2))) struct ModelRuntimeAPITests {
    struct Fleet: Sendable {
        let http: LiveHTTP
        let a: FakeOllama
        let b: FakeOllama
        let providerA: String
        let providerB: String
        /// `qwen2.5:0.5b` on A and `Llama3.2` on B, as the catalog names them.
        let modelA: String
        let modelB: String

        func runtime(_ model: String) async throws -> [String: [String: Any]] {
            let answer = try await http.send(.GET, "/api/models/\(model)/runtime")
            try #require(answer.status == 200, "\(answer)")
            let servers = try answer.json()["servers"] as? [[String: Any]] ?? []
            return Dictionary(servers.map { ($0["provider_id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        }

        func finish(_ jobID: String) async throws -> [String: Any] {
            let last = Box<[String: Any]>([:])
            try await http.events("/api/jobs/\(jobID)/events") { event in
                last.value = try event.json()
                return event.name != "done" && event.name != "error"
            }
            return last.value
        }

        /// Runs `act`, then waits for the `runtime` event that `matches`, reading the stored
        /// events after `lastID` first (so one published before the stream opened counts).
        func runtimeEvent(
            after lastID: String = "0", _ act: @Sendable () async throws -> Void, _ matches: @escaping @Sendable ([String: Any]) -> Bool
        ) async throws -> (id: String, data: [String: Any]) {
            try await act()
            let found = Box<(id: String, data: [String: Any])>(("", [:]))
            try await http.events("/api/events", lastEventID: lastID) { event in
                guard event.name == "runtime", let data = try event.json()["data"] as? [String: Any], matches(data) else { return true }
                found.value = (event.id ?? "", data)
                return false
            }
            return found.value
        }
    }

    static func connection(_ http: LiveHTTP, _ name: String, _ fake: FakeOllama) async throws -> String {
        let created = try await http.send(
            .POST, "/api/providers", json: #"{"kind":"ollama","name":"\#(name)","base_url":"\#(fake.baseURL)"}"#)
        try #require(created.status == 201, "\(created)")
        return try #require(try created.json()["id"] as? String)
    }

    static func model(_ http: LiveHTTP, on provider: String, apiName: String) async throws -> String {
        let created = try await http.send(
            .POST, "/api/models", json: #"{"provider_id":"\#(provider)","name":"Llama \#(provider.prefix(6))","api_name":"\#(apiName)"}"#)
        try #require(created.status == 201, "\(created)")
        return try #require(try created.json()["id"] as? String)
    }

    static func withFleet(
        _ configuration: HangarConfiguration, _ body: @escaping @Sendable (Fleet) async throws -> Void
    ) async throws {
        try await FakeOllama.withServer { a in
            try await FakeOllama.withServer { b in
                try await TestServer.withLiveServer(configuration) { port in
                    let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token)
                    let providerA = try await connection(http, "GPU A", a)
                    let providerB = try await connection(http, "GPU B", b)
                    let modelA = try await model(http, on: providerA, apiName: "qwen2.5:0.5b")
                    let modelB = try await model(http, on: providerB, apiName: "Llama3.2")
                    try await body(
                        Fleet(http: http, a: a, b: b, providerA: providerA, providerB: providerB, modelA: modelA, modelB: modelB))
                }
            }
        }
    }

    /// A local model deployed to two servers starts on both (one job each) and stops where asked.
    @Test(arguments: TestDatabases.engines)
    func aDeployedModelStartsOnEveryServerAndStopsWhereAsked(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine) { fixture in
            let local = try await DeployAPITests.downloaded(fixture)
            try await FakeOllama.withServer { a in
                try await FakeOllama.withServer { b in
                    let providerA = try await DeployAPITests.connection(fixture, "GPU A", a)
                    let providerB = try await DeployAPITests.connection(fixture, "GPU B", b)
                    let http = fixture.http
                    let notYet = try await http.send(.POST, "/api/models/\(local)/start")
                    #expect(notYet.status == 409, "\(notYet)")
                    let deploy = try await http.send(
                        .POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":["\#(providerA)","\#(providerB)"]}"#)
                    for job in try deploy.json()["jobs"] as? [[String: Any]] ?? [] {
                        _ = try await fixture.finish(job: try #require(job["job_id"] as? String))
                    }
                    let before = try await http.send(.GET, "/api/models/\(local)/runtime").json()["servers"] as? [[String: Any]] ?? []
                    #expect(before.count == 2 && before.allSatisfy { $0["status"] as? String == "stopped" }, "\(before)")
                    #expect(Set(before.compactMap { $0["name"] as? String }) == ["tiny-q4_0:latest"])

                    let started = try await http.send(.POST, "/api/models/\(local)/start", json: #"{"keep_alive":"10m"}"#)
                    #expect(started.status == 202, "\(started)")
                    let servers = try started.json()["servers"] as? [[String: Any]] ?? []
                    // `loading`, or already `running` where the job was quick.
                    let statuses = Set(servers.compactMap { $0["status"] as? String })
                    #expect(servers.count == 2 && statuses.isSubset(of: ["loading", "running"]), "\(servers)")
                    for server in servers {
                        let job = try await fixture.finish(job: try #require(server["job_id"] as? String))
                        #expect(job["state"] as? String == "succeeded" && job["kind"] as? String == "start", "\(job)")
                    }
                    #expect(a.loadedModels == ["tiny-q4_0:latest"] && b.loadedModels == ["tiny-q4_0:latest"])
                    let running = try await http.send(.GET, "/api/models/\(local)/runtime").json()["servers"] as? [[String: Any]] ?? []
                    #expect(running.allSatisfy { $0["status"] as? String == "running" && $0["expires_at"] is String }, "\(running)")

                    let items = try await http.send(.GET, "/api/ollama/runtime").json()["items"] as? [[String: Any]] ?? []
                    let itemA = items.first { $0["provider_id"] as? String == providerA }
                    #expect(items.count == 2 && (itemA?["model_ids"] as? [String])?.contains(local) == true, "\(items)")

                    let stopped = try await http.send(
                        .POST, "/api/models/\(local)/stop", json: #"{"provider_ids":["\#(providerB)"],"force":true}"#)
                    #expect(stopped.status == 200, "\(stopped)")
                    let after = Dictionary(
                        (try stopped.json()["servers"] as? [[String: Any]] ?? []).map {
                            ($0["provider_id"] as? String ?? "", $0["status"] as? String)
                        },
                        uniquingKeysWith: { x, _ in x })
                    #expect(after[providerA] == "running" && after[providerB] == "stopped", "\(after)")
                    #expect(a.loadedModels == ["tiny-q4_0:latest"] && b.loadedModels.isEmpty)
                }
            }
        }
    }

    /// A model unloaded behind Hangar's back (its keep_alive ran out) shows as stopped once the
    /// poller reads `/api/ps`, announced as a `runtime` event; a model loaded behind its back
    /// shows as running.
    @Test(arguments: TestDatabases.engines)
    func thePollerFollowsTheServers(_ engine: DatabaseEngine) async throws {
        var configuration = TestServer.configuration(try await TestDatabases.makeLocation(engine))
        configuration.ollamaStatusPollSeconds = 1
        try await Self.withFleet(configuration) { fleet in
            let loaded = try await fleet.runtimeEvent({ fleet.b.load("llama3.2:latest") }) { data in
                data["provider_id"] as? String == fleet.providerB && data["status"] as? String == "running"
            }
            #expect(loaded.data["model_ids"] as? [String] == [fleet.modelB], "\(loaded.data)")
            #expect(try await fleet.runtime(fleet.modelB)[fleet.providerB]?["status"] as? String == "running")

            let gone = try await fleet.runtimeEvent(after: loaded.id, { fleet.b.unloadAll() }) { data in
                data["provider_id"] as? String == fleet.providerB && data["status"] as? String == "stopped"
            }
            #expect(gone.data["name"] as? String == "llama3.2:latest")
            #expect(try await fleet.runtime(fleet.modelB)[fleet.providerB]?["status"] as? String == "stopped")
            #expect(try await fleet.runtime(fleet.modelA)[fleet.providerA]?["status"] as? String == "stopped")
        }
    }

    /// The status is in the database: a restarted server answers `running` before any poll.
    @Test func aStatusSurvivesARestart() async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        let configuration = TestServer.configuration(location)
        try await FakeOllama.withServer { fake in
            let ids = try await TestServer.withLiveServer(configuration) { port in
                let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token)
                let provider = try await Self.connection(http, "GPU", fake)
                let model = try await Self.model(http, on: provider, apiName: "qwen2.5:0.5b")
                let started = try await http.send(.POST, "/api/models/\(model)/start").json()
                let job = try #require((started["servers"] as? [[String: Any]])?.first?["job_id"] as? String)
                try await http.events("/api/jobs/\(job)/events") { event in event.name != "done" && event.name != "error" }
                return (provider, model)
            }
            try await TestServer.withLiveServer(configuration) { port in
                let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token)
                let servers = try await http.send(.GET, "/api/models/\(ids.1)/runtime").json()["servers"] as? [[String: Any]]
                #expect(servers?.first?["status"] as? String == "running", "\(servers ?? [])")
                #expect(servers?.first?["provider_id"] as? String == ids.0)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badStartsAndStopsAreClear4xxAndChangeNothing(_ engine: DatabaseEngine) async throws {
        let configuration = TestServer.configuration(try await TestDatabases.makeLocation(engine))
        try await Self.withFleet(configuration) { fleet in
            func error(_ answer: LiveHTTP.Answer) throws -> (Int, String?, [String: Any]?) {
                let object = try answer.json()["error"] as? [String: Any]
                return (answer.status, object?["code"] as? String, object?["fields"] as? [String: Any])
            }
            let openai = try error(try await fleet.http.send(.POST, "/api/models/mistral-mistral-small-latest/start"))
            #expect(openai.0 == 409 && openai.1 == "not_applicable", "\(openai)")
            let elsewhere = try error(
                try await fleet.http.send(.POST, "/api/models/\(fleet.modelA)/start", json: #"{"provider_ids":["\#(fleet.providerB)"]}"#))
            #expect(elsewhere.0 == 409 && elsewhere.1 == "not_applicable" && elsewhere.2?["provider_ids"] != nil, "\(elsewhere)")
            let nowhere = try error(
                try await fleet.http.send(.POST, "/api/models/\(fleet.modelA)/stop", json: #"{"provider_ids":["nope"]}"#))
            #expect(nowhere.0 == 404 && nowhere.1 == "provider_not_found", "\(nowhere)")
            let keepAlive = try error(
                try await fleet.http.send(.POST, "/api/models/\(fleet.modelA)/start", json: #"{"keep_alive":"soon"}"#))
            #expect(keepAlive.0 == 422 && keepAlive.2?["keep_alive"] != nil, "\(keepAlive)")
            let unknownKey = try error(try await fleet.http.send(.POST, "/api/models/\(fleet.modelA)/stop", json: #"{"forced":true}"#))
            #expect(unknownKey.0 == 422 || unknownKey.0 == 400, "\(unknownKey)")
            let missing = try error(try await fleet.http.send(.GET, "/api/models/nope/runtime"))
            #expect(missing.0 == 404 && missing.1 == "model_not_found", "\(missing)")
            #expect(fleet.a.loadedModels.isEmpty && fleet.b.loadedModels.isEmpty)
            let statuses = try await fleet.runtime(fleet.modelA)
            #expect(
                statuses.count == 1 && statuses.values.allSatisfy { $0["status"] as? String == "stopped" && $0["updated_at"] is NSNull },
                "\(statuses)")

            // A model the server does not have: its start job fails, and the status says why.
            let ghost = try await Self.model(fleet.http, on: fleet.providerA, apiName: "ghost:7b")
            let started = try await fleet.http.send(.POST, "/api/models/\(ghost)/start").json()
            let job = try await fleet.finish(try #require((started["servers"] as? [[String: Any]])?.first?["job_id"] as? String))
            #expect(job["state"] as? String == "failed", "\(job)")
            let failed = try await fleet.runtime(ghost)[fleet.providerA]
            #expect(failed?["status"] as? String == "error" && (failed?["message"] as? String)?.isEmpty == false, "\(failed ?? [:])")
        }
    }
}
