import Foundation
import HangarCore
import HangarTesting
import Storage
import Testing

/// What catalog sync shows beside the calls: models whose calls have no price, and the warning
/// a model carries in its last 30 days before its deprecation date (gateway and test prompt).
@Suite struct CatalogSyncWarningsAPITests {
    @Test(arguments: TestDatabases.engines)
    func callsWithoutAPriceAreListedUntilTheModelIsPriced(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o", "free-model"]) { upstream in
            try await TestServer.withApp(engine) { api in
                let priced = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let unpriced = try await api.post(
                    "/api/models", ["provider_id": priced.providerID, "name": "Unpriced", "api_name": "free-model"])
                let secret = try await priced.key()
                for model in ["gpt-4o", "free-model", "free-model"] {
                    #expect(try await priced.chat(secret, model: model).status == .ok)
                }
                let listed = try await api.get("/api/usage/unpriced")
                #expect(listed.status == .ok, "\(listed)")
                let items = listed.object["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1, "\(listed)")
                #expect(items.first?["model_id"] as? String == unpriced.id)
                #expect(items.first?["name"] as? String == "Unpriced")
                #expect(items.first?["calls"] as? Int == 2)
                #expect(items.first?["last_call_at"] is String)

                expectError(try await api.get("/api/usage/unpriced?days=0"), .unprocessableContent, field: "days")
                #expect(try await api.get("/api/usage/unpriced?days=1").object["items"] as? [Any] != nil)
                let patched = try await api.patch(
                    "/api/models/\(unpriced.id)", ["cost_input_per_million": 0.1, "cost_output_per_million": 0.2])
                #expect(patched.status == .ok)
                #expect((try await api.get("/api/usage/unpriced").object["items"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aNearDeprecationDateWarnsInTheGatewayAndTheTestPrompt(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(engine) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                let quiet = try await setup.chat(secret)
                #expect(quiet.headers[.init("Hangar-Warning")!] == nil)

                let soon = CivilDay(number: CivilDay(utc: Date()).number + 12).text
                let far = CivilDay(number: CivilDay(utc: Date()).number + 90).text
                #expect(try await api.patch("/api/models/\(setup.modelID)", ["deprecation_date": far]).status == .ok)
                #expect(try await setup.chat(secret).headers[.init("Hangar-Warning")!] == nil, "90 days away is no news yet")

                #expect(try await api.patch("/api/models/\(setup.modelID)", ["deprecation_date": soon]).status == .ok)
                // The gateway's catalog follows the change's event, at once on SQLite and through
                // NOTIFY on PostgreSQL: each call is the probe.
                let header = try await within(.seconds(10), "the gateway's warning") {
                    while true {
                        let warned = try await setup.chat(secret)
                        #expect(warned.status == .ok)
                        if let header = warned.headers[.init("Hangar-Warning")!] { return header }
                    }
                }
                #expect(header.contains(soon) && header.contains("in 12 days"), "\(header)")

                let tested = try await api.post("/api/models/\(setup.modelID)/test", ["prompt": "Hi", "max_tokens": 5])
                #expect(tested.status == .ok, "\(tested)")
                let warning = tested.object["warning"] as? [String: Any]
                #expect(warning?["code"] as? String == "deprecation_soon")
                #expect((warning?["message"] as? String)?.contains(soon) == true)
            }
        }
    }
}
