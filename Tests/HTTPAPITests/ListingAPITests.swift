import Catalog
import Foundation
import Governance
import HangarCore
import HangarOpenAPI
import HangarTesting
import Providers
import Secrets
import Storage
import Testing

@testable import HTTPAPI

/// GET /api/models: filters, totals, offset pages, and cursor pages that stay stable while
/// models are added.
@Suite struct ListingAPITests {
    static func sortKey(_ model: [String: Any]) -> ([UInt8], String) {
        (Array((model["name"] as? String ?? "").lowercased().utf8), model["id"] as? String ?? "")
    }

    static func isInNameOrder(_ models: [[String: Any]]) -> Bool {
        zip(models, models.dropFirst()).allSatisfy { lhs, rhs in
            let (l, r) = (sortKey(lhs), sortKey(rhs))
            return l.0.lexicographicallyPrecedes(r.0) || (l.0 == r.0 && l.1 < r.1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func filters(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            try await api.createModel("Search Me", apiName: "needle-42", provider: "openai")
            #expect(try await api.post("/api/models/ollama-phi3/deprecate").status == .ok)

            func count(_ query: String) async throws -> Int {
                let page = try await api.get("/api/models?\(query)")
                #expect(page.status == .ok, "\(query): \(page)")
                #expect(page.object["total"] as? Int == page.items.count, "\(query)")
                #expect(Self.isInNameOrder(page.items), "\(query)")
                return page.items.count
            }
            #expect(try await count("provider=mistral") == 7)
            #expect(try await count("provider=openai") == 1)
            #expect(try await count("kind=local") == 1)
            #expect(try await count("kind=hosted") == 17)
            #expect(try await count("kind=ollama") == 9)
            #expect(try await count("kind=mistral") == 7)
            #expect(try await count("status=deprecated") == 1)
            #expect(try await count("status=active") == 17)
            #expect(try await count("provider=ollama&status=active") == 8)
            #expect(try await count("text=NEEDLE") == 1)
            #expect(try await count("q=needle") == 1)
            #expect(try await count("text=qwen3-0.6b-q4_0.gguf") == 1)
            #expect(try await count("text=codestral") == 1)
            #expect(try await count("text=%25") == 0)
            #expect(try await count("text=no-such-model") == 0)
            #expect(try await count("provider=unknown") == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func offsetPagination(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let all = try await api.get("/api/models?limit=500").items
            var paged: [[String: Any]] = []
            for offset in stride(from: 0, to: 17, by: 5) {
                let page = try await api.get("/api/models?limit=5&offset=\(offset)")
                #expect(page.object["total"] as? Int == 17)
                #expect(page.object["limit"] as? Int == 5)
                #expect(page.object["offset"] as? Int == offset)
                paged += page.items
            }
            #expect(paged.map { $0["id"] as? String } == all.map { $0["id"] as? String })
            #expect(Self.isInNameOrder(all))
            let defaultPage = try await api.get("/api/models")
            #expect(defaultPage.object["limit"] as? Int == 50)
            #expect(defaultPage.object["next_cursor"] == nil, "no next_cursor on the last page")
        }
    }

    /// Each model present when the walk starts comes back exactly once, in name order, while
    /// models are inserted before and after the cursor between page fetches.
    @Test(arguments: TestDatabases.engines)
    func cursorWalkUnderInserts(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            for index in 0..<8 {
                try await api.createModel(String(format: "Walk %02d", index), provider: "openai")
            }
            let initial = Set(try await api.allModels().compactMap { $0["id"] as? String })
            #expect(initial.count == 25)

            var seen: [[String: Any]] = []
            var cursor: String?
            var before: [String] = []
            var after: [String] = []
            var pages = 0
            repeat {
                let page = try await api.get("/api/models?limit=3" + (cursor.map { "&cursor=" + $0 } ?? ""))
                #expect(page.status == .ok, "\(page)")
                if cursor != nil { #expect(page.object["offset"] == nil, "cursor pages have no offset") }
                #expect(page.items.count <= 3)
                seen += page.items
                cursor = page.object["next_cursor"] as? String
                pages += 1
                before.append(
                    try await api.createModel(String(format: "AAA %03d", pages), apiName: "before-\(pages)", provider: "ollama").id)
                after.append(try await api.createModel(String(format: "zzz %03d", pages), apiName: "after-\(pages)", provider: "ollama").id)
            } while cursor != nil && pages < 100

            let ids = seen.compactMap { $0["id"] as? String }
            #expect(ids.count == Set(ids).count, "no model twice")
            #expect(initial.isSubset(of: Set(ids)), "every model present at the start is returned")
            #expect(Set(before).isDisjoint(with: ids))
            #expect(Set(after.dropLast()).isSubset(of: Set(ids)))
            #expect(Self.isInNameOrder(seen))
            // The cursor also works together with filters.
            let filtered = try await api.allModels("provider=openai")
            #expect(filtered.count == 8)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badQueriesAre4xx(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            expectError(try await api.get("/api/models?limit=0"), .unprocessableContent, field: "limit")
            expectError(try await api.get("/api/models?limit=1001"), .unprocessableContent, field: "limit")
            #expect(try await api.get("/api/models?limit=1000").status == .ok)
            #expect(try await api.get("/api/models?limit=1").items.count == 1)
            expectError(try await api.get("/api/models?offset=-1"), .unprocessableContent, field: "offset")
            expectError(try await api.get("/api/models?text=" + String(repeating: "a", count: 201)), .unprocessableContent, field: "text")
            expectError(try await api.get("/api/models?cursor=garbage!"), .badRequest, code: "invalid_cursor")
            let first = try await api.get("/api/models?limit=2")
            let cursor = try #require(first.object["next_cursor"] as? String)
            // With a cursor, offset is ignored.
            let withCursor = try await api.get("/api/models?limit=2&cursor=\(cursor)")
            let withBoth = try await api.get("/api/models?limit=2&cursor=\(cursor)&offset=7")
            #expect(withBoth.status == .ok)
            #expect(withBoth.items.map { $0["id"] as? String } == withCursor.items.map { $0["id"] as? String })
            #expect(withBoth.object["offset"] == nil)
            // Hand-made cursors over the base64url alphabet page on instead of failing.
            for handMade in ["x", "AAAA", "zzzz", "bm9wZQ"] {
                let reply = try await api.get("/api/models?cursor=\(handMade)")
                #expect(reply.status == .ok, "\(handMade): \(reply)")
            }
            expectError(try await api.get("/api/models?cursor="), .unprocessableContent, field: "cursor")
            expectError(try await api.get("/api/models?q=" + String(repeating: "a", count: 201)), .unprocessableContent, field: "q")
            for query in ["limit=abc", "offset=1.5", "kind=spaceship", "status=retired"] {
                let reply = try await api.get("/api/models?\(query)")
                expectError(reply, .badRequest)
            }
        }
    }
}

/// `GET /api/models` is written by hand (`ModelListRoute`); it must answer exactly what the
/// typed handler and `JSONEncoder` would, for every shape of page.
@Suite struct HandWrittenListTests {
    @Test(arguments: TestDatabases.engines)
    func routeMatchesTypedHandler(engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await TestServer.withApp(location) { api in
            for index in 0..<3 {
                let reply = try await api.post(
                    "/api/models",
                    [
                        "provider_id": "openai", "name": "Quote \" \\ </b> \(index)", "api_name": "q-\(index)",
                        "cost_input_per_million": 0.15, "cost_output_per_million": 600,
                    ])
                #expect(reply.status == .created)
            }
            let first = try await api.get("/api/models?limit=3")
            let cursor = try #require(first.object["next_cursor"] as? String)
            for query in [
                "", "limit=3", "limit=2&offset=5", "cursor=\(cursor)&limit=4", "text=quote+%22", "q=%3C%2Fb%3E",
                "provider=openai&status=active&kind=hosted", "kind=openai", "limit=500", "provider=nobody",
            ] {
                let reply = try await api.get("/api/models?\(query)")
                #expect(reply.status == .ok, "\(query): \(reply)")
                let reference = try await Self.typedList(ModelListRoute.parse(query), location: location)
                #expect(reply.object as NSDictionary == reference, "\(query)")
            }
        }
    }

    /// What the generated handler answers, encoded as the OpenAPI runtime would.
    static func typedList(_ query: Operations.ListModels.Input.Query, location: TestLocation) async throws -> NSDictionary {
        let data = try await TestDatabases.withStore(location, migrate: false) { database in
            let catalog = CatalogService(database: database, secrets: SecretBox(key: .random()))
            let api = HangarAPI(
                catalog: catalog,
                connectionTests: ConnectionTestService(
                    catalog: catalog, tester: ConnectionTester(), governor: CallGovernor(database: catalog.database)),
                database: database, version: "test", live: .unstarted(catalog: catalog, modelsDirectory: location.dataDirectory + "/models")
            )
            return try JSONEncoder().encode(try await api.listModels(.init(query: query)).ok.body.json)
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test(arguments: TestDatabases.engines)
    func countsFollowTheFiltersNotThePage(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            try await api.createModel("Mine", apiName: "mine-1", provider: "openai")
            #expect(try await api.post("/api/models/ollama-phi3/deprecate").status == .ok)
            func counts(_ query: String) async throws -> [String: Int]? {
                let page = try await api.get("/api/models?\(query)")
                #expect(page.status == .ok, "\(query): \(page)")
                return page.object["counts"] as? [String: Int]
            }
            #expect(try await counts("limit=1") == nil, "counts only when asked")
            #expect(try await counts("limit=1&counts=false") == nil)
            #expect(try await counts("limit=1&counts=true") == ["local": 1, "deprecated": 1, "custom": 1, "downloaded": 0])
            #expect(try await counts("provider=ollama&counts=true") == ["local": 0, "deprecated": 1, "custom": 0, "downloaded": 0])
            #expect(try await counts("kind=openai&counts=true") == ["local": 0, "deprecated": 0, "custom": 1, "downloaded": 0])
            expectError(try await api.get("/api/models?counts=yes"), .badRequest, code: "bad_request", field: "counts")
        }
    }

    @Test func queryParsingFollowsTheFormStyle() throws {
        let query = try ModelListRoute.parse("text=a+b%2Bc&unknown=1&limit=%2B7&kind=azure-openai")
        #expect(query.text == "a b+c")
        #expect(query.limit == 7)
        #expect(query.kind == .azureOpenai)
        for bad in ["limit=1&limit=2", "text=%ZZ", "limit=", "offset=9999999999999999999999", "status=Active"] {
            #expect(throws: HangarError.self, "\(bad)") { try ModelListRoute.parse(bad) }
        }
        #expect(throws: Never.self) { try ModelListRoute.checkAccept(["text/html, application/json;q=0.9"]) }
        #expect(throws: Never.self) { try ModelListRoute.checkAccept([]) }
        #expect(throws: HangarError.self) { try ModelListRoute.checkAccept(["text/html"]) }
    }
}
