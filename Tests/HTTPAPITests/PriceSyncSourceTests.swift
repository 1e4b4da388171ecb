import Foundation
import HangarTesting
import Storage
import Testing

/// Price sync reading its file from a URL (given, or the `price_data_url` setting) served over
/// real HTTP, and what it says when that server fails.
@Suite struct PriceSyncSourceTests {
    static func serve(_ body: @escaping @Sendable (RecordedRequest) -> FakeResponse, _ test: (String) async throws -> Void)
        async throws
    {
        try await FakeHTTPServer.withServer(handler: { request in body(request) }) { server in try await test(server.baseURL) }
    }

    static let file = FakeResponse(
        status: 200, headers: [("Content-Type", "application/json")], body: .bytes(Array(PriceSyncFixture.json.utf8)))

    @Test(arguments: TestDatabases.engines)
    func theSettingsURLIsReadWhenTheRequestNamesNoSource(_ engine: DatabaseEngine) async throws {
        try await Self.serve({ _ in Self.file }) { base in
            try await TestServer.withApp(engine) { api in
                let url = "\(base)/model_prices_and_context_window.json"
                let snapshot = try await api.post("/api/catalog/price-sync?dry_run=true")
                #expect(snapshot.object["source"] as? String == "litellm:snapshot", "\(snapshot)")
                #expect((snapshot.object["entries"] as? Int ?? 0) > 1000)

                #expect(try await api.send(.put, "/api/settings", json: ["price_data_url": url]).status == .ok)
                let applied = try await api.post("/api/catalog/price-sync")
                #expect(applied.status == .ok, "\(applied)")
                #expect(applied.object["source"] as? String == "litellm:\(url)")
                #expect(applied.object["entries"] as? Int == PriceSyncFixture.entryCount)
                let large = try await api.get("/api/models/mistral-mistral-large-latest").object
                #expect(large["price_source"] as? String == "litellm:\(url)")
                #expect(large["cost_output_per_million"] as? Double == 6)

                let given = try await api.post("/api/catalog/price-sync?dry_run=true", ["url": url])
                #expect(given.object["source"] as? String == "litellm:\(url)")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aFailingSourceIsA502ThatSaysWhatToCheck(_ engine: DatabaseEngine) async throws {
        try await Self.serve({ request in
            request.uri.hasSuffix("/missing.json")
                ? FakeResponse(status: 404, body: .bytes(Array("not here".utf8)))
                : FakeResponse(status: 200, headers: [("Content-Type", "text/html")], body: .bytes(Array("<html>prices</html>".utf8)))
        }) { base in
            try await TestServer.withApp(engine) { api in
                let before = try await api.get("/api/models?limit=1000").text
                expectError(
                    try await api.post("/api/catalog/price-sync", ["url": "\(base)/missing.json"]), .badGateway, code: "upstream_error",
                    messageContains: "404")
                expectError(
                    try await api.post("/api/catalog/price-sync", ["url": "\(base)/page.html"]), .badGateway,
                    code: "upstream_invalid_response", messageContains: "LiteLLM")
                try await withClosedPort { port in
                    expectError(
                        try await api.post("/api/catalog/price-sync", ["url": "http://127.0.0.1:\(port)/p.json"]), .badGateway,
                        code: "upstream_error", messageContains: "price data")
                }
                #expect(try await api.get("/api/models?limit=1000").text == before)
            }
        }
    }
}
