import Foundation
import HangarTesting
import Storage
import Testing

/// `POST /api/catalog/price-sync` against a LiteLLM-format fixture, on both engines.
@Suite struct PriceSyncAPITests {
    static let large = "mistral-mistral-large-latest"
    static let small = "mistral-mistral-small-latest"
    static let seven = "mistral-open-mistral-7b"

    func change(_ report: [String: Any], _ modelID: String) -> [String: [String: Any]]? {
        guard let changes = report["changes"] as? [[String: Any]],
            let change = changes.first(where: { $0["model_id"] as? String == modelID })
        else { return nil }
        let fields = change["fields"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: fields.map { ($0["field"] as? String ?? "", $0) })
    }

    func addMini(_ api: API) async throws -> String {
        let created = try await api.post("/api/models", ["provider_id": "openai", "name": "GPT-4o mini", "api_name": "gpt-4o-mini"])
        try #require(created.status == .created, "\(created)")
        return try #require(created.object["id"] as? String)
    }

    @Test(arguments: TestDatabases.engines)
    func aDryRunShowsExactOldToNewAndChangesNothing(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let mini = try await addMini(api)
            let before = try await api.get("/api/models?limit=1000").text
            let reply = try await api.post("/api/catalog/price-sync?dry_run=true", ["data": PriceSyncFixture.object])
            #expect(reply.status == .ok, "\(reply)")
            let report = reply.object
            #expect(report["source"] as? String == "litellm:upload")
            #expect(report["dry_run"] as? Bool == true)
            #expect(report["applied"] as? Int == 0)
            #expect(report["entries"] as? Int == PriceSyncFixture.entryCount, "sample_spec is not an entry")

            let large = try #require(change(report, Self.large))
            #expect(JSON.isNull(large["cost_input_per_million"] ?? [:], "old"))
            #expect(large["cost_input_per_million"]?["new"] as? Double == 2)
            #expect(large["cost_output_per_million"]?["new"] as? Double == 6)
            #expect(large["context_window"]?["old"] as? Int == 128_000)
            #expect(large["context_window"]?["new"] as? Int == 131_072)
            #expect(large["max_output_tokens"]?["new"] as? Int == 4096)
            // 0.00000015 per token is 0.15 per million, exactly; 6e-07 is 0.6.
            let miniChange = try #require(change(report, mini))
            #expect(miniChange["cost_input_per_million"]?["new"] as? Double == 0.15)
            #expect(miniChange["cost_output_per_million"]?["new"] as? Double == 0.6)
            // The base price, not a tier, a batch price or a tiered range.
            #expect(change(report, Self.small)?["cost_input_per_million"]?["new"] as? Double == 0.1)
            #expect(change(report, Self.seven)?["deprecation_date"]?["new"] as? String == "2025-03-30")
            #expect(change(report, "ollama-llama3.2")?["cost_input_per_million"]?["new"] as? Double == 0)
            // codestral's entry belongs to another LiteLLM provider: not this model's price.
            let unmatched = report["unmatched"] as? [String] ?? []
            #expect(unmatched.contains("mistral-codestral-latest"))
            #expect(!unmatched.contains("local-qwen3-0.6b-q4_0"), "local models have no price to find")

            #expect(try await api.get("/api/models?limit=1000").text == before, "a dry run writes nothing")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func applyingWritesTheChosenModelsThenTheRest(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let mini = try await addMini(api)
            let chosen = try await api.post("/api/catalog/price-sync", ["data": PriceSyncFixture.object, "model_ids": [Self.large, mini]])
            #expect(chosen.status == .ok, "\(chosen)")
            #expect(chosen.object["applied"] as? Int == 2)
            let large = try await api.get("/api/models/\(Self.large)").object
            #expect(large["cost_input_per_million"] as? Double == 2)
            #expect(large["context_window"] as? Int == 131_072)
            #expect(large["price_source"] as? String == "litellm:upload")
            #expect(large["price_synced_at"] is String)
            #expect(large["is_builtin"] as? Bool == true, "builtin models take prices from sync")
            #expect(try await api.get("/api/models/\(mini)").object["cost_input_per_million"] as? Double == 0.15)
            #expect(JSON.isNull(try await api.get("/api/models/\(Self.small)").object, "cost_input_per_million"), "not chosen")

            let rest = try await api.post("/api/catalog/price-sync", ["data": PriceSyncFixture.object])
            #expect(rest.object["applied"] as? Int == 3, "small, 7b and llama3.2: \(rest)")
            let seven = try await api.get("/api/models/\(Self.seven)").object
            #expect(seven["deprecation_date"] as? String == "2025-03-30")
            #expect(seven["successor_api_name"] as? String == "mistral-small-latest")
            let again = try await api.post("/api/catalog/price-sync?dry_run=true", ["data": PriceSyncFixture.object])
            #expect((again.object["changes"] as? [Any])?.isEmpty == true, "\(again)")
            #expect(again.object["unchanged"] as? Int == 5)
        }
    }

    /// LiteLLM's whole file (3.5 MB today), as an admin uploads it, within the route's 16 MiB.
    @Test func theWholeLiteLLMFileCanBeSent() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CatalogSync/Resources/model_prices_and_context_window.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.utf8.count > 1 << 20, "the point is a body over the 1 MiB of other routes")
        try await TestServer.withApp(.sqlite) { api in
            let reply = try await api.send(.post, "/api/catalog/price-sync?dry_run=true", raw: #"{"data": "# + text + "}")
            #expect(reply.status == .ok, "\(reply)")
            #expect(reply.object["source"] as? String == "litellm:upload")
            #expect((reply.object["entries"] as? Int ?? 0) > 1000)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badRequestsAreClear4xxAndChangeNothing(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let before = try await api.get("/api/models?limit=1000").text
            let data = PriceSyncFixture.object
            expectError(
                try await api.post("/api/catalog/price-sync", ["data": data, "url": "https://example.com/p.json"]), .unprocessableContent,
                field: "url")
            expectError(
                try await api.post("/api/catalog/price-sync", ["data": data, "model_ids": []]), .unprocessableContent, field: "model_ids")
            expectError(
                try await api.post("/api/catalog/price-sync", ["data": data, "model_ids": ["ghost"]]), .notFound,
                code: "model_not_found", field: "model_ids[0]")
            expectError(
                try await api.post("/api/catalog/price-sync", ["url": "ftp://example.com/p.json"]), .unprocessableContent, field: "url")
            let notAFile = try await api.post("/api/catalog/price-sync", ["data": "prices"])
            #expect(notAFile.status == .badRequest || notAFile.status == .unprocessableContent, "\(notAFile)")
            expectError(try await api.post("/api/catalog/price-sync", ["prices": data]), .badRequest)
            #expect(try await api.get("/api/models?limit=1000").text == before)
        }
    }
}
