import Foundation
import HangarTesting
import Storage
import Testing

/// `POST /api/ollama/fleet/{pull,update,delete}`: one model on many servers, one line per
/// server, a failing server never stopping the others, and bad input refused before anything.
@Suite(.timeLimit(.minutes(3))) struct OllamaFleetAPITests {
    static func lines(_ answer: LiveHTTP.Answer) throws -> [String: [String: Any]] {
        let servers = try #require(try answer.json()["servers"] as? [[String: Any]], "\(answer)")
        return Dictionary(uniqueKeysWithValues: servers.map { ($0["provider_id"] as? String ?? "", $0) })
    }

    static func code(_ line: [String: Any]?) -> String? { (line?["error"] as? [String: Any])?["code"] as? String }

    @Test(arguments: TestDatabases.engines)
    func pullUpdateAndDeleteAcrossServers(_ engine: DatabaseEngine) async throws {
        try await LiveFleet.run(engine, installed: [["llama3.2:latest"], ["qwen2.5:0.5b"]]) { fixture in
            let (a, b, offline) = (fixture.ids[0], fixture.ids[1], fixture.unreachableID)
            let all = LiveFleet.Fixture.list([a, b, offline])

            // Pull: one job per server; the offline server's job fails, the others succeed.
            let pulled = try await fixture.post("/api/ollama/fleet/pull", #"{"model":"llama3.2:1b","provider_ids":\#(all)}"#)
            #expect(pulled.status == 202, "\(pulled)")
            let pull = try pulled.json()
            #expect(pull["action"] as? String == "pull" && pull["model"] as? String == "llama3.2:1b")
            #expect((pull["group_id"] as? String)?.isEmpty == false)
            let pullLines = try Self.lines(pulled)
            let order = (try pulled.json()["servers"] as? [[String: Any]])?.compactMap { $0["provider_id"] as? String }
            #expect(order == [a, b, offline], "one line per server, in the order asked")
            var ended: [String: String] = [:]
            for (provider, line) in pullLines {
                #expect(line["status"] as? String == "queued", "\(line)")
                let job = try await fixture.finish(job: try #require(line["job_id"] as? String))
                ended[provider] = job["state"] as? String
                if provider == offline { #expect(job["error_code"] as? String == "upstream_unreachable", "\(job)") }
            }
            #expect(ended == [a: "succeeded", b: "succeeded", offline: "failed"])
            #expect(fixture.servers.allSatisfy { $0.installedModel("llama3.2:1b") != nil })

            // Update: only where installed; elsewhere skipped, and the offline server failed.
            let updated = try await fixture.post("/api/ollama/fleet/update", #"{"model":"qwen2.5:0.5b","provider_ids":\#(all)}"#)
            #expect(updated.status == 202, "\(updated)")
            let updateLines = try Self.lines(updated)
            #expect(updateLines[a]?["status"] as? String == "skipped" && Self.code(updateLines[a]) == "ollama_model_not_found")
            #expect(((updateLines[a]?["error"] as? [String: Any])?["message"] as? String)?.contains("not installed") == true)
            #expect(updateLines[a]?["job_id"] is NSNull)
            #expect(updateLines[b]?["status"] as? String == "queued" && updateLines[b]?["error"] is NSNull, "\(updated)")
            #expect(updateLines[offline]?["status"] as? String == "failed" && Self.code(updateLines[offline]) == "upstream_unreachable")
            let update = try await fixture.finish(job: try #require(updateLines[b]?["job_id"] as? String))
            #expect(update["state"] as? String == "succeeded", "\(update)")
            #expect(fixture.servers[0].installedModel("qwen2.5:0.5b") == nil, "an update never installs a model")

            // Delete: synchronous; absent and unreachable fail their own line only.
            let deleted = try await fixture.post("/api/ollama/fleet/delete", #"{"model":"llama3.2","provider_ids":\#(all)}"#)
            #expect(deleted.status == 200, "\(deleted)")
            let deleteLines = try Self.lines(deleted)
            #expect(deleteLines[a]?["status"] as? String == "done" && deleteLines[a]?["job_id"] is NSNull, "\(deleted)")
            #expect(deleteLines[b]?["status"] as? String == "failed" && Self.code(deleteLines[b]) == "ollama_model_not_found")
            #expect(deleteLines[offline]?["status"] as? String == "failed" && Self.code(deleteLines[offline]) == "upstream_unreachable")
            #expect(fixture.servers[0].installedModel("llama3.2:latest") == nil)
            #expect(fixture.servers[0].installedModel("llama3.2:1b") != nil, "only the model named")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badInputIsRefusedBeforeAnything(_ engine: DatabaseEngine) async throws {
        try await LiveFleet.run(engine, installed: [["llama3.2:latest"]]) { fixture in
            let a = fixture.ids[0]
            let disabled = try await LiveFleet.connect(fixture.http, name: "Parked", url: fixture.servers[0].server.baseURL)
            let off = try await fixture.http.send(.PATCH, "/api/providers/\(disabled)", json: #"{"enabled":false}"#)
            try #require(off.status == 200, "\(off)")
            let before = fixture.upstreamRequests
            let tooMany = LiveFleet.Fixture.list((0...50).map { "p\($0)" })
            let cases: [(body: String, status: Int, code: String)] = [
                (#"{"model":"Bad Name!","provider_ids":["\#(a)"]}"#, 422, "invalid_model_name"),
                (#"{"model":"my.ns/model","provider_ids":["\#(a)"]}"#, 422, "invalid_model_name"),
                (#"{"model":"llama3.2","provider_ids":["\#(a)","nope"]}"#, 404, "provider_not_found"),
                (#"{"model":"llama3.2","provider_ids":["\#(a)","mistral"]}"#, 409, "provider_not_ollama"),
                (#"{"model":"llama3.2","provider_ids":["\#(a)","\#(disabled)"]}"#, 409, "provider_disabled"),
                (#"{"model":"llama3.2","provider_ids":[]}"#, 422, "validation_failed"),
                (#"{"model":"llama3.2","provider_ids":\#(tooMany)}"#, 422, "validation_failed"),
                (#"{"model":"llama3.2","provider_ids":["\#(a)"],"force":true}"#, 400, "bad_request"),
                (#"{"model":"llama3.2"}"#, 400, "bad_request"),
            ]
            for action in ["pull", "update", "delete"] {
                for (body, status, code) in cases {
                    let answer = try await fixture.post("/api/ollama/fleet/\(action)", body)
                    #expect(answer.status == status && answer.errorCode == code, "\(action) \(body): \(answer)")
                }
            }
            #expect(fixture.upstreamRequests == before, "nothing reached a server")
            let jobs = try await fixture.http.send(.GET, "/api/jobs").json()
            #expect((jobs["items"] as? [Any])?.isEmpty == true, "\(jobs)")
            #expect(fixture.servers[0].installedModel("llama3.2:latest") != nil)
        }
    }
}
