import Catalog
import HangarCore
import HangarTesting
import Secrets
import Storage
import Testing

/// Setup and verification shared by the catalog tests.
enum CatalogFixture {
    /// A migrated and seeded database of `engine` with its catalog service.
    static func withCatalog(
        _ engine: DatabaseEngine, _ body: @Sendable @escaping (CatalogService) async throws -> Void
    ) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            try await body(CatalogService(database: database, secrets: SecretBox(key: .random())))
        }
    }

    static func hosted(_ name: String, apiName: String? = nil, provider: String = "openai") -> ModelDraft {
        ModelDraft(providerID: provider, name: name, apiName: apiName ?? name.lowercased().replacingOccurrences(of: " ", with: "-"))
    }

    /// Every model of the catalog, all pages.
    static func allModels(_ catalog: CatalogService, _ query: ModelListQuery = ModelListQuery(limit: 500)) async throws -> [CatalogModel] {
        try await catalog.listModels(query).items
    }
}

/// Expects `body` to throw a `HangarError` of `kind` (and `code`, blamed `field`, words in the message).
func expectHangarError(
    _ kind: HangarError.Kind, code: ErrorCode? = nil, field: String? = nil, messageContains: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected a \(kind) HangarError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as HangarError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        if let code { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
        if let field { #expect(error.fields[field] != nil, "fields: \(error.fields)", sourceLocation: sourceLocation) }
        if let messageContains {
            #expect(error.message.lowercased().contains(messageContains.lowercased()), "\(error.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a HangarError, got \(String(reflecting: error))", sourceLocation: sourceLocation)
    }
}
