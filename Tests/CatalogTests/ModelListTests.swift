import Catalog
import HangarCore
import HangarTesting
import Storage
import Testing

/// Listing filters by provider, kind, status and text, and pages stably by offset or cursor.
@Suite struct ModelListTests {
    /// The order the API promises: name without case, then id (byte order on both engines).
    static func isInListOrder(_ models: [CatalogModel]) -> Bool {
        zip(models, models.dropFirst()).allSatisfy { lhs, rhs in
            let left = (Array(lhs.name.lowercased().utf8), lhs.id)
            let right = (Array(rhs.name.lowercased().utf8), rhs.id)
            return left.0.lexicographicallyPrecedes(right.0) || (left.0 == right.0 && left.1 < right.1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func filtersByProviderKindStatusAndText(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            _ = try await catalog.createModel(CatalogFixture.hosted("100% Pure", apiName: "pure"))
            _ = try await catalog.createModel(CatalogFixture.hosted("snake_case", apiName: "snake"))
            let local = try await catalog.createModel(
                ModelDraft(
                    providerID: "local", name: "Tiny Llama", apiName: "tiny", hfRepo: "acme/TinyLlama-GGUF", modelFile: "tiny.gguf"))
            _ = try await catalog.deprecateModel(id: "ollama-llama3", replacementID: nil)

            func ids(_ query: ModelListQuery) async throws -> [String] {
                var query = query
                query.limit = 500
                let page = try await catalog.listModels(query)
                #expect(page.total == page.items.count)
                #expect(Self.isInListOrder(page.items))
                return page.items.map(\.id)
            }
            #expect(try await ids(ModelListQuery(providerID: "mistral")).count == 7)
            #expect(try await ids(ModelListQuery(providerID: "openai")).count == 2)
            #expect(try await ids(ModelListQuery(providerID: "nobody")).isEmpty)
            #expect(try await ids(ModelListQuery(kind: .model(.local))).sorted() == [local.id, "local-qwen3-0.6b-q4_0"].sorted())
            #expect(try await ids(ModelListQuery(kind: .model(.hosted))).count == 16 + 2)
            #expect(try await ids(ModelListQuery(kind: .provider(.ollama))).count == 9)
            #expect(try await ids(ModelListQuery(kind: .provider(.openai))).count == 2)
            #expect(try await ids(ModelListQuery(status: .deprecated)) == ["ollama-llama3"])
            #expect(try await ids(ModelListQuery(status: .active)).count == 19)
            #expect(try await ids(ModelListQuery(providerID: "ollama", status: .active)).count == 8)

            // Text: case-insensitive, over name, API name, repository and file. "llama" is in
            // four Llama names, two "(Ollama)" names and the custom Tiny Llama.
            #expect(try await ids(ModelListQuery(text: "LLAMA")).count == 7)
            #expect(try await ids(ModelListQuery(text: "unsloth")) == ["local-qwen3-0.6b-q4_0"])
            #expect(try await ids(ModelListQuery(text: "tinyllama-gguf")) == [local.id])
            #expect(try await ids(ModelListQuery(text: "codestral-latest")) == ["mistral-codestral-latest"])
            // LIKE wildcards are taken literally.
            #expect(try await ids(ModelListQuery(text: "%")).count == 1)
            #expect(try await ids(ModelListQuery(text: "_")).count == 2)
            #expect(try await ids(ModelListQuery(text: "\\")).isEmpty)
            #expect(try await ids(ModelListQuery(kind: .provider(.ollama), text: "llama")).count == 6)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func ordersByNameIgnoringCaseThenID(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            for (name, api) in [("beta", "b1"), ("Alpha", "a1"), ("alpha", "a2"), ("BETA", "b2"), ("Zed", "z"), ("aardvark", "aa")] {
                _ = try await catalog.createModel(CatalogFixture.hosted(name, apiName: api))
            }
            let page = try await catalog.listModels(ModelListQuery(providerID: "openai"))
            #expect(page.items.map { $0.name.lowercased() } == ["aardvark", "alpha", "alpha", "beta", "beta", "zed"])
            #expect(Self.isInListOrder(page.items))
            let everything = try await CatalogFixture.allModels(catalog)
            #expect(Self.isInListOrder(everything))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func offsetPagesCoverEveryModelOnce(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let all = try await CatalogFixture.allModels(catalog)
            var paged: [CatalogModel] = []
            for offset in stride(from: 0, to: 20, by: 4) {
                let page = try await catalog.listModels(ModelListQuery(limit: 4, offset: offset))
                #expect(page.total == 17)
                #expect(page.items.count == min(4, 17 - offset))
                paged += page.items
            }
            #expect(paged.map(\.id) == all.map(\.id))
            let beyond = try await catalog.listModels(ModelListQuery(limit: 4, offset: 100))
            #expect(beyond.items.isEmpty)
            #expect(beyond.total == 17)
            #expect(beyond.nextCursor == nil)
        }
    }

    /// Walking with the cursor returns each model exactly once, in name order, even when
    /// models are inserted before and after the cursor between page fetches.
    @Test(arguments: TestDatabases.engines)
    func cursorWalkIsStableUnderInserts(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            for index in 0..<13 {
                _ = try await catalog.createModel(CatalogFixture.hosted(String(format: "Model %02d", index)))
            }
            let initial = Set(try await CatalogFixture.allModels(catalog).map(\.id))
            #expect(initial.count == 30)

            var seen: [CatalogModel] = []
            var cursor: ModelListQuery.Position?
            var insertedAfter: [String] = []
            var insertedBefore: [String] = []
            var pages = 0
            repeat {
                let page = try await catalog.listModels(ModelListQuery(limit: 4, after: cursor))
                #expect(page.items.count <= 4)
                seen += page.items
                cursor = try page.nextCursor.map(PageCursor.decode)
                pages += 1
                // Between pages: one model sorting before everything seen, one sorting last,
                // one with the same name as the last row (its place depends on its id).
                insertedBefore.append(
                    try await catalog.createModel(CatalogFixture.hosted(String(format: "AAA %03d", pages), apiName: "before-\(pages)")).id)
                insertedAfter.append(
                    try await catalog.createModel(CatalogFixture.hosted(String(format: "zzz %03d", pages), apiName: "after-\(pages)")).id)
                if let last = page.items.last {
                    _ = try await catalog.createModel(CatalogFixture.hosted(last.name, apiName: "twin-\(pages)"))
                }
            } while cursor != nil && pages < 100

            let ids = seen.map(\.id)
            #expect(Set(ids).count == ids.count, "no model twice")
            #expect(initial.isSubset(of: Set(ids)), "every model present at the start is returned")
            #expect(Self.isInListOrder(seen))
            #expect(Set(insertedBefore).isDisjoint(with: ids), "rows inserted behind the cursor are not returned")
            // Rows inserted ahead of the cursor are returned (all but the ones made after the last page).
            #expect(Set(insertedAfter.dropLast()).isSubset(of: Set(ids)))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func cursorsAreOpaqueAndChecked(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let first = try await catalog.listModels(ModelListQuery(limit: 16))
            let cursor = try #require(first.nextCursor)
            let position = try PageCursor.decode(cursor)
            let last = try await catalog.listModels(ModelListQuery(limit: 16, after: position))
            #expect(last.items.count == 1)
            #expect(last.nextCursor == nil)
            #expect(last.total == 17)
            for bad in ["!!!", "", "a b", "abc=", "a/b+c"] {
                await expectHangarError(.badRequest, code: .invalidCursor, field: "cursor") { _ = try PageCursor.decode(bad) }
            }
            // Any string over the base64url alphabet names a position: stale or hand-made
            // cursors page on instead of failing.
            for handMade in ["x", "AAAA", "eyJ4IjoxfQ", "not-a-cursor", String(repeating: "_", count: 300)] {
                let position = try PageCursor.decode(handMade)
                let page = try await catalog.listModels(ModelListQuery(limit: 5, after: position))
                #expect(page.items.count <= 5)
                #expect(page.total == 17)
            }
        }
    }
}
