import Foundation
import HangarTesting
import Storage
import Testing

/// `POST /v1/chat/completions` through fake upstreams over real HTTP: the model named every
/// supported way, the body passed through with only `model` rewritten, the answer's `model`
/// set back to the name asked for, and one usage record per call with the key and the cost.
@Suite struct GatewayChatAPITests {
    @Test(arguments: TestDatabases.engines)
    func aCallIsRelayedRenamedAndRecorded(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(engine) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                let qualified = "\(setup.providerID)/gpt-4o"
                for name in ["gpt-4o", setup.modelID, qualified] {
                    let reply = try await setup.chat(secret, model: name, extra: ["temperature": 0.10, "x_custom": ["deep": [1, 2.50]]])
                    #expect(reply.status == .ok, "\(name): \(reply)")
                    #expect(reply.object["model"] as? String == name, "the client's own name comes back")
                    #expect(reply.object["object"] as? String == "chat.completion")
                }
                let sent = upstream.requests.filter { $0.path == "/v1/chat/completions" }
                #expect(sent.count == 3)
                let raw = String(decoding: try #require(sent.last).body, as: UTF8.self)
                // Only `model` changed: the client's other fields keep their bytes (0.1 as written, unknown fields).
                #expect(raw.contains(#""temperature":0.1"#) && raw.contains(#""x_custom":{"deep":[1,2.5]}"#), "\(raw)")
                #expect(raw.contains(#""model":"gpt-4o""#), "\(raw)")
                #expect(try #require(sent.last).header("authorization") == "Bearer \(FakeOpenAI.defaultKey)")

                let records = try await setup.records()
                #expect(records.count == 3)
                let record = try #require(records.first)
                #expect(record["purpose"] as? String == "chat" && record["status"] as? String == "ok")
                #expect(record["estimated"] as? Bool == false && record["key_id"] is String)
                let input = try #require(record["input_tokens"] as? Int)
                let output = try #require(record["output_tokens"] as? Int)
                let cost = try #require(record["cost_usd"] as? Double)
                #expect(abs(cost - (Double(input) * 2.5 + Double(output) * 10) / 1_000_000) < 1e-12)

                let keys = try await api.get("/api/keys").items
                #expect(keys.first?["last_used_at"] is String)
                #expect(abs((keys.first?["spent_usd"] as? Double ?? 0) - cost * 3) < 1e-12)
                let metrics = try await api.send(.get, "/metrics", token: nil).text
                let calls = metrics.split(separator: "\n").first {
                    $0.hasPrefix("hangar_gateway_calls_total") && $0.contains("model=\"\(qualified)\"") && $0.contains("status=\"ok\"")
                }
                #expect(calls.map { $0.hasSuffix(" 3") } == true, "\(String(describing: calls))")
                #expect(metrics.contains("hangar_gateway_tokens_total{") && metrics.contains("hangar_gateway_cost_microdollars_total{"))
                let usage = try await api.get("/api/usage")
                let byKey = usage.object["keys"] as? [[String: Any]] ?? []
                #expect(byKey.count == 1 && (byKey.first?["totals"] as? [String: Any])?["calls"] as? Int == 3, "\(usage)")
            }
        }
    }

    /// Usage is committed just after the answer: a server that stops right after its last
    /// answers still records them before its database closes.
    @Test func callsAnsweredJustBeforeTheServerStopsAreRecorded() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            let location = try await TestDatabases.makeLocation(.sqlite)
            let setup = try await TestServer.withApp(location) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<24 {
                        group.addTask {
                            let reply = try await setup.chat(secret)
                            #expect(reply.status == .ok)
                        }
                    }
                    try await group.waitForAll()
                }
                return setup
            }
            try await TestServer.withApp(location) { api in
                let records = try await GatewaySetup(api: api, providerID: setup.providerID, modelID: setup.modelID).records()
                #expect(records.count == 24)
            }
        }
    }

    @Test func unknownAmbiguousAndForbiddenNamesAreRefusedInOpenAIShape() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let other = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()

                let ambiguous = try await setup.chat(secret, model: "gpt-4o")
                #expect(ambiguous.status == .notFound, "two connections serve gpt-4o: \(ambiguous)")
                let message = GatewaySetup.openAIError(ambiguous)["message"] as? String ?? ""
                #expect(message.contains("\(setup.providerID)/gpt-4o") && message.contains("\(other.providerID)/gpt-4o"), "\(message)")

                let close = try await setup.chat(secret, model: "\(setup.providerID)/gpt-4")
                #expect(close.status == .notFound)
                #expect((GatewaySetup.openAIError(close)["message"] as? String ?? "").contains("Did you mean"))

                let limited = try await setup.key(["models": [other.modelID]])
                let forbidden = try await setup.chat(limited, model: setup.modelID)
                #expect(forbidden.status == .forbidden)
                #expect(GatewaySetup.openAIError(forbidden)["code"] as? String == "model_not_allowed")

                let readOnly = try await setup.key(["scopes": ["catalog:read"]])
                let noScope = try await setup.chat(readOnly, model: setup.modelID)
                #expect(noScope.status == .forbidden && GatewaySetup.openAIError(noScope)["code"] as? String == "forbidden")

                let noModel = try await api.send(.post, "/v1/chat/completions", json: ["messages": []], token: secret)
                #expect(noModel.status == .badRequest && GatewaySetup.openAIError(noModel)["param"] as? String == "model")
                let notJSON = try await api.send(.post, "/v1/chat/completions", raw: "[1, 2]", token: secret)
                #expect(notJSON.status == .badRequest)
                #expect(try await api.send(.post, "/v1/chat/completions", json: ["model": "x"], token: nil).status == .unauthorized)

                #expect(upstream.requests.filter { $0.path == "/v1/chat/completions" }.isEmpty, "nothing refused reached the upstream")
                #expect(try await setup.records().isEmpty, "nothing refused is billed")
            }
        }
    }

    @Test func theDeprecationPolicyWarnsRedirectsOrRefuses() async throws {
        try await FakeOpenAI.withServer(models: ["old-model", "new-model"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let old = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL, apiName: "old-model")
                let new = try await api.post("/api/models", ["provider_id": old.providerID, "name": "New", "api_name": "new-model"])
                #expect(try await api.post("/api/models/\(old.modelID)/deprecate", ["replacement_model_id": new.id]).status == .ok)
                let secret = try await old.key()

                let warned = try await old.chat(secret, model: "old-model")
                #expect(warned.status == .ok && warned.object["model"] as? String == "old-model")
                #expect(warned.headers[.init("Hangar-Warning")!]?.contains("new-model") == true, "\(warned.headers)")

                #expect(try await api.send(.put, "/api/settings", json: ["deprecated_model_policy": "redirect"]).status == .ok)
                let redirected = try await old.chat(secret, model: "old-model")
                #expect(redirected.status == .ok && redirected.object["model"] as? String == "old-model")
                #expect(redirected.headers[.init("Hangar-Redirected-From")!] == "\(old.providerID)/old-model")
                #expect(upstream.requests.last.map { String(decoding: $0.body, as: UTF8.self) }?.contains(#""model":"new-model""#) == true)

                #expect(try await api.send(.put, "/api/settings", json: ["deprecated_model_policy": "refuse"]).status == .ok)
                let refused = try await old.chat(secret, model: "old-model")
                #expect(refused.status == .gone)
                let error = GatewaySetup.openAIError(refused)
                #expect(error["code"] as? String == "model_deprecated" && (error["message"] as? String ?? "").contains("new-model"))
            }
        }
    }

    @Test func defaultNamesTheSystemDefaultModel() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                let unset = try await setup.chat(secret, model: "default:code")
                #expect(unset.status == .notFound)
                #expect(try await api.send(.put, "/api/settings", json: ["default_models": ["code": setup.modelID]]).status == .ok)
                let reply = try await setup.chat(secret, model: "default:code")
                #expect(reply.status == .ok && reply.object["model"] as? String == "default:code", "\(reply)")
            }
        }
    }
}
