import Catalog
import HangarCore
import HangarTesting
import Storage
import Testing

/// Discovery's writes: all of them or none, announced after their commit.
@Suite struct CatalogDiscoveryTests {
    static func addition(_ apiName: String) -> CatalogService.DiscoveryAddition {
        CatalogService.DiscoveryAddition(
            apiName: apiName, name: apiName, contextWindow: 8192, maxOutputTokens: 4096, limitsGuessed: true)
    }

    @Test(arguments: TestDatabases.engines)
    func addsAndDeprecatesInOneTransactionThenAnnounces(_ engine: DatabaseEngine) async throws {
        try await CatalogEventsTests.withAnnouncingCatalog(engine) { catalog, log in
            let old = try await catalog.createModel(CatalogFixture.hosted("Old", apiName: "gpt-old"))
            _ = try await log.new()

            let result = try await catalog.applyDiscovery(providerID: "openai", add: [Self.addition("o3-mini")], deprecate: [old.id])

            let added = try #require(result.added.first)
            #expect(added.apiName == "o3-mini" && added.providerID == "openai" && added.status == .active)
            #expect(added.contextWindow == 8192 && added.maxOutputTokens == 4096 && added.kind == .hosted)
            #expect(result.deprecated.map(\.id) == [old.id] && result.deprecated.first?.status == .deprecated)
            let events = try await log.new()
            #expect(events.map { "\($0.type) \($0.action) \($0.subjectID)" } == ["model created \(added.id)", "model updated \(old.id)"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aBadEntryChangesNothing(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let before = try await catalog.models(ofProvider: "openai")
            await expectHangarError(.unprocessable, code: .validationFailed, field: "add[1]") {
                _ = try await catalog.applyDiscovery(
                    providerID: "openai", add: [Self.addition("fine"), Self.addition("has space")], deprecate: [])
            }
            // Already in the catalog: found inside the transaction, after the first entry was inserted.
            let existing = try await catalog.createModel(CatalogFixture.hosted("Existing", apiName: "existing"))
            await expectHangarError(.unprocessable, code: .validationFailed, field: "add[1]") {
                _ = try await catalog.applyDiscovery(
                    providerID: "openai", add: [Self.addition("fine"), Self.addition("existing")], deprecate: [])
            }
            #expect(try await catalog.models(ofProvider: "openai") == before + [existing])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theDefaultModelIsNotDeprecatedAndNothingElseIsWritten(_ engine: DatabaseEngine) async throws {
        try await CatalogFixture.withCatalog(engine) { catalog in
            let before = try await catalog.models(ofProvider: "mistral")
            let fallback = try #require(before.first { $0.apiName == "open-mistral-7b" })
            let current = try await catalog.provider(id: "mistral")
            let defaultID = try #require(current.defaultModelID)
            await expectHangarError(.conflict, code: .modelIsDefault) {
                _ = try await catalog.applyDiscovery(
                    providerID: "mistral", add: [Self.addition("magistral-small")], deprecate: [fallback.id, defaultID])
            }
            #expect(try await catalog.models(ofProvider: "mistral") == before)
            await expectHangarError(.notFound, code: .providerNotFound) {
                _ = try await catalog.applyDiscovery(providerID: "nowhere", add: [Self.addition("x")], deprecate: [])
            }
        }
    }
}
