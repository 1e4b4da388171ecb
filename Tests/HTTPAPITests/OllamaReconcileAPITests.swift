import Foundation
import HangarTesting
import Storage
import Testing

/// `GET /api/ollama/drift` and `POST /api/ollama/reconcile` over three fake servers that each
/// differ from their pins in another way, plus one that cannot be reached.
@Suite(.timeLimit(.minutes(3))) struct OllamaReconcileAPITests {
    static func names(_ server: [String: Any]?, _ key: String) -> [String]? { server?[key] as? [String] }

    static func steps(_ answer: LiveHTTP.Answer) throws -> [[String: Any]] {
        try #require(try answer.json()["actions"] as? [[String: Any]], "\(answer)")
    }

    static func summary(_ steps: [[String: Any]]) -> Set<String> {
        Set(steps.map { "\($0["provider_id"] as? String ?? "") \($0["model"] as? String ?? "") \($0["action"] as? String ?? "")" })
    }

    @Test(arguments: TestDatabases.engines)
    func reconcileBringsThreeServersToTheirPins(_ engine: DatabaseEngine) async throws {
        let installed = [["llama3.2:latest", "qwen2.5:0.5b"], ["qwen2.5:0.5b", "mistral:latest"], []]
        try await LiveFleet.run(engine, installed: installed) { fixture in
            let (a, b, c, offline) = (fixture.ids[0], fixture.ids[1], fixture.ids[2], fixture.unreachableID)
            try await fixture.pin("llama3.2", [a, b, c])
            try await fixture.pin("qwen2.5:0.5b", [a, b])
            // A newer qwen2.5:0.5b is published; only A has checked since.
            _ = fixture.registry.publishUpdate(of: "qwen2.5:0.5b")
            try await fixture.checkUpdates(a)

            var drift = try await fixture.drift()
            #expect(Self.names(drift[a], "missing") == [] && Self.names(drift[a], "unexpected") == [])
            #expect(Self.names(drift[a], "outdated") == ["qwen2.5:0.5b"], "\(drift[a] ?? [:])")
            #expect(Self.names(drift[b], "missing") == ["llama3.2:latest"] && Self.names(drift[b], "unexpected") == ["mistral:latest"])
            #expect(Self.names(drift[b], "outdated") == [], "no stored check says B is behind")
            #expect(Self.names(drift[c], "missing") == ["llama3.2:latest"] && Self.names(drift[c], "unexpected") == [])
            #expect(drift[a]?["provider_name"] as? String == "GPU A" && drift[a]?["reachable"] as? Bool == true)
            #expect(drift[offline]?["reachable"] as? Bool == false, "\(drift[offline] ?? [:])")
            #expect((drift[offline]?["error"] as? [String: Any])?["code"] as? String == "upstream_unreachable")
            #expect(Self.names(drift[offline], "missing") == [] && Self.names(drift[offline], "unexpected") == [])

            // Without delete_unexpected nothing is deleted: pulls only.
            let first = try await fixture.http.send(.POST, "/api/ollama/reconcile")
            #expect(first.status == 202, "\(first)")
            #expect((try first.json()["group_id"] as? String)?.isEmpty == false)
            let pulls = try Self.steps(first)
            #expect(
                Self.summary(pulls) == ["\(a) qwen2.5:0.5b pull", "\(b) llama3.2:latest pull", "\(c) llama3.2:latest pull"], "\(first)")
            for step in pulls {
                #expect(step["status"] as? String == "queued" && step["error"] is NSNull, "\(step)")
                let job = try await fixture.finish(job: try #require(step["job_id"] as? String))
                #expect(job["state"] as? String == "succeeded", "\(job)")
            }
            #expect(fixture.servers[1].installedModel("mistral:latest") != nil)
            drift = try await fixture.drift()
            #expect(Self.names(drift[a], "outdated") == [], "the pull brought the new digest")
            #expect(Self.names(drift[b], "missing") == [] && Self.names(drift[b], "unexpected") == ["mistral:latest"])

            // Then only B, deleting what nobody pinned there.
            let second = try await fixture.post("/api/ollama/reconcile", #"{"provider_ids":["\#(b)"],"delete_unexpected":true}"#)
            #expect(second.status == 202, "\(second)")
            let deletes = try Self.steps(second)
            #expect(Self.summary(deletes) == ["\(b) mistral:latest delete"])
            #expect(deletes.first?["status"] as? String == "done" && deletes.first?["job_id"] is NSNull)
            #expect(fixture.servers[1].installedModel("mistral:latest") == nil)

            drift = try await fixture.drift()
            for id in [a, b, c] {
                for key in ["missing", "unexpected", "outdated"] {
                    #expect(Self.names(drift[id], key) == [], "\(id) \(key): \(drift[id] ?? [:])")
                }
            }
            let idle = try await fixture.post(
                "/api/ollama/reconcile", #"{"delete_unexpected":true,"provider_ids":\#(LiveFleet.Fixture.list([a, b, c]))}"#)
            #expect(try Self.steps(idle).isEmpty, "\(idle)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badReconcilesStartNothing(_ engine: DatabaseEngine) async throws {
        try await LiveFleet.run(engine, installed: [["mistral:latest"]]) { fixture in
            let a = fixture.ids[0]
            try await fixture.pin("llama3.2", [a])
            let cases: [(body: String, status: Int, code: String)] = [
                (#"{"provider_ids":[]}"#, 422, "validation_failed"),
                (#"{"provider_ids":["\#(a)","nope"],"delete_unexpected":true}"#, 404, "provider_not_found"),
                (#"{"provider_ids":["mistral"]}"#, 409, "provider_not_ollama"),
                (#"{"delete_unexpected":"yes"}"#, 400, "bad_request"),
                (#"{"dry_run":true}"#, 400, "bad_request"),
            ]
            for (body, status, code) in cases {
                let answer = try await fixture.post("/api/ollama/reconcile", body)
                #expect(answer.status == status && answer.errorCode == code, "\(body): \(answer)")
            }
            let jobs = try await fixture.http.send(.GET, "/api/jobs").json()
            #expect((jobs["items"] as? [Any])?.isEmpty == true, "\(jobs)")
            #expect(fixture.servers[0].installedModel("mistral:latest") != nil)
        }
    }

    /// A model made from a local file is in no registry: reconcile deploys it again.
    @Test(arguments: TestDatabases.engines)
    func aMissingDeployedModelIsDeployedFromItsLocalFile(_ engine: DatabaseEngine) async throws {
        try await LiveDownloads.run(engine) { fixture in
            let local = try await DeployAPITests.downloaded(fixture)
            try await FakeOllama.withServer(models: []) { first in
                try await FakeOllama.withServer(models: []) { second in
                    let a = try await DeployAPITests.connection(fixture, "GPU A", first)
                    let b = try await DeployAPITests.connection(fixture, "GPU B", second)
                    let deploy = try await fixture.http.send(.POST, "/api/models/\(local)/deploy", json: #"{"provider_ids":["\#(a)"]}"#)
                    let job = try #require((try deploy.json()["jobs"] as? [[String: Any]])?.first?["job_id"] as? String, "\(deploy)")
                    #expect(try await fixture.finish(job: job)["state"] as? String == "succeeded")
                    let pin = try await fixture.http.send(
                        .PUT, "/api/ollama/desired", json: #"{"model":"tiny-q4_0","provider_ids":["\#(a)","\#(b)"]}"#)
                    #expect(pin.status == 200, "\(pin)")

                    let answer = try await fixture.http.send(.POST, "/api/ollama/reconcile", json: #"{"provider_ids":["\#(a)","\#(b)"]}"#)
                    let steps = try Self.steps(answer)
                    #expect(Self.summary(steps) == ["\(b) tiny-q4_0:latest deploy"], "\(answer)")
                    let redeploy = try await fixture.finish(job: try #require(steps.first?["job_id"] as? String))
                    #expect(redeploy["kind"] as? String == "deploy" && redeploy["state"] as? String == "succeeded", "\(redeploy)")
                    #expect(second.models == ["tiny-q4_0:latest"] && second.blobUploads.count == 1)
                    #expect(first.blobUploads.count == 1, "the first server was left alone")
                }
            }
        }
    }
}
