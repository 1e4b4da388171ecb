import Catalog
import Foundation
import Gateway
import HangarCore
import HangarTesting
import Storage
import Testing

/// A request's `model` → a catalog model: id, provider/api_name, unique api_name, defaults;
/// 404 with close matches, 403 outside the key's list, and the deprecation policy.
@Suite struct ModelResolverTests {
    static let large = "mistral-mistral-large-latest"
    static let small = "mistral-mistral-small-latest"

    /// The seeded catalog's models, `large` deprecated in favour of `small`, and a second
    /// connection that also serves an `api_name` of the first.
    static func catalog() async throws -> [CatalogModel] {
        try await TestDatabases.withDatabase(.sqlite) { database in
            try await CatalogSeeder.seed(database)
            let catalog = CatalogService(database: database, secrets: .init(key: .random()))
            let other = try await catalog.createProvider(
                ProviderDraft(kind: "openai-compatible", name: "Lab", baseURL: "http://127.0.0.1:9/v1"))
            _ = try await catalog.createModel(ModelDraft(providerID: other.id, name: "Small here", apiName: "mistral-small-latest"))
            _ = try await catalog.deprecateModel(id: large, replacementID: small)
            return try await catalog.allModels().filter { $0.kind == .hosted }
        }
    }

    static let anyKey = APIKey(id: "k", name: "k", prefix: "hk_", createdAt: "t", updatedAt: "t")

    @Test func namesResolveByIdQualifiedNameUniqueAPINameOrDefault() async throws {
        let resolver = ModelResolver(models: try await Self.catalog(), defaults: DefaultModels(chat: Self.small), policy: .warn)
        #expect(try resolver.resolve(Self.small, for: Self.anyKey).model.id == Self.small)
        #expect(try resolver.resolve("mistral/mistral-small-latest", for: Self.anyKey).model.id == Self.small)
        #expect(try resolver.resolve("codestral-latest", for: Self.anyKey).model.id == "mistral-codestral-latest")
        #expect(try resolver.resolve("default", for: Self.anyKey).model.id == Self.small)
        #expect(try resolver.resolve("default:chat", for: Self.anyKey).requested == "default:chat")
        #expect(throws: HangarError.self) { try resolver.resolve("default:code", for: Self.anyKey) }
        #expect(throws: HangarError.self) { try resolver.resolve("default:poetry", for: Self.anyKey) }
    }

    @Test func ambiguousAndUnknownNamesAre404WithCloseMatches() async throws {
        let resolver = ModelResolver(models: try await Self.catalog(), defaults: DefaultModels(), policy: .warn)
        do {
            _ = try resolver.resolve("mistral-small-latest", for: Self.anyKey)
            Issue.record("an ambiguous name resolved")
        } catch let error as HangarError {
            #expect(error.kind == .notFound && error.code == .modelNotFound)
            #expect(error.message.contains("mistral/mistral-small-latest") && error.message.contains("/mistral-small-latest,"))
        }
        do {
            _ = try resolver.resolve("mistral-larg-latest", for: Self.anyKey)
            Issue.record("a typo resolved")
        } catch let error as HangarError {
            #expect(error.kind == .notFound && error.message.contains("Did you mean: mistral/mistral-large-latest"), "\(error.message)")
        }
    }

    @Test func aModelOutsideTheKeysListIs403() async throws {
        let resolver = ModelResolver(models: try await Self.catalog(), defaults: DefaultModels(), policy: .redirect)
        var key = Self.anyKey
        key.models = [Self.large]
        #expect(
            throws: HangarError(
                .forbidden, code: .modelNotAllowed,
                message: "This key may not call 'mistral/mistral-small-latest'; ask an admin to add it to the key.")
        ) {
            try resolver.resolve("mistral/mistral-small-latest", for: key)
        }
        // A redirect to a replacement the key may not call is refused the same way.
        #expect(throws: HangarError.self) { try resolver.resolve(Self.large, for: key) }
    }

    @Test func theDeprecationPolicyWarnsRedirectsOrRefuses() async throws {
        let models = try await Self.catalog()
        let warned = try ModelResolver(models: models, defaults: DefaultModels(), policy: .warn).resolve(Self.large, for: Self.anyKey)
        #expect(warned.model.id == Self.large && warned.warning?.contains("mistral/mistral-small-latest") == true)
        let redirected = try ModelResolver(models: models, defaults: DefaultModels(), policy: .redirect).resolve(
            Self.large, for: Self.anyKey)
        #expect(redirected.model.id == Self.small && redirected.redirectedFrom?.id == Self.large && redirected.requested == Self.large)
        do {
            _ = try ModelResolver(models: models, defaults: DefaultModels(), policy: .refuse).resolve(Self.large, for: Self.anyKey)
            Issue.record("a deprecated model was served under refuse")
        } catch let error as HangarError {
            #expect(error.kind == .gone && error.kind.statusCode == 410 && error.message.contains("mistral/mistral-small-latest"))
        }
    }
}
