import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// POST /graphql: the catalog's providers and models, read through the same service as REST
/// and checked against REST's answers.
@Suite struct GraphQLAPITests {
    static let modelFields = """
        id name apiName kind status providerId contextWindow maxOutputTokens temperatureDefault isBuiltin
        replacementModelId costInputPerMillion costOutputPerMillion lastUsedAt downloaded downloadStatus
        """

    @Test(arguments: TestDatabases.engines)
    func providersMatchREST(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            #expect(try await api.patch("/api/providers/ollama", ["rpm_limit": 120, "max_parallel": 2]).status == .ok)
            let reply = try await api.graphql(
                "{ llmProviders { id name kind baseUrl enabled apiKeyConfigured defaultModelId rpmLimit limits { requestsPerMinute tokensPerMinute maxParallel } } }"
            )
            #expect(reply.status == .ok, "\(reply)")
            #expect(reply.object["errors"] == nil, "\(reply)")
            let providers = reply.data["llmProviders"] as? [[String: Any]] ?? []
            let rest = try await api.get("/api/providers").items
            #expect(providers.map { $0["id"] as? String } == rest.map { $0["id"] as? String })
            for (node, row) in zip(providers, rest) {
                #expect(node["name"] as? String == row["name"] as? String)
                #expect(node["kind"] as? String == (row["kind"] as? String)?.graphQLEnum)
                #expect(node["baseUrl"] as? String == row["base_url"] as? String)
                #expect(node["enabled"] as? Bool == row["enabled"] as? Bool)
                #expect(node["apiKeyConfigured"] as? Bool == row["api_key_configured"] as? Bool)
                #expect(node["defaultModelId"] as? String == row["default_model_id"] as? String)
                let limits = node["limits"] as? [String: Any] ?? [:]
                #expect(limits["requestsPerMinute"] as? Int == row["rpm_limit"] as? Int)
                #expect(node["rpmLimit"] as? Int == row["rpm_limit"] as? Int)
                #expect(limits["maxParallel"] as? Int == row["max_parallel"] as? Int)
            }
            // The key itself is not in the schema, so asking for it fails validation.
            let key = try await api.graphql("{ llmProviders { apiKey } }")
            #expect(key.status == .ok)
            #expect(key.object["data"] == nil, "\(key)")
            #expect(key.errorMessages.first?.contains("apiKey") == true, "\(key)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func modelByIDAndUnknownID(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            #expect(try await api.post("/api/models/ollama-phi3/deprecate", ["replacement_model_id": "ollama-llama3.2"]).status == .ok)
            let query = "query One($id: ID!) { llmModel(id: $id) { \(Self.modelFields) } }"
            let reply = try await api.graphql(query, variables: ["id": "ollama-phi3"])
            #expect(reply.object["errors"] == nil, "\(reply)")
            let node = reply.data["llmModel"] as? [String: Any] ?? [:]
            let rest = try await api.get("/api/models/ollama-phi3").object
            let pairs = [
                ("id", "id"), ("name", "name"), ("apiName", "api_name"), ("providerId", "provider_id"),
                ("replacementModelId", "replacement_model_id"),
            ]
            for (graph, restName) in pairs { #expect(node[graph] as? String == rest[restName] as? String, "\(graph)") }
            for (graph, restName) in [("kind", "kind"), ("status", "status"), ("downloadStatus", "download_status")] {
                #expect(node[graph] as? String == (rest[restName] as? String)?.graphQLEnum, "\(graph)")
            }
            #expect(node["status"] as? String == "DEPRECATED")
            #expect(node["contextWindow"] as? Int == rest["context_window"] as? Int)
            #expect(node["maxOutputTokens"] as? Int == rest["max_output_tokens"] as? Int)
            #expect(node["temperatureDefault"] as? Double == rest["temperature_default"] as? Double)
            #expect(node["isBuiltin"] as? Bool == rest["is_builtin"] as? Bool)
            #expect(Set(node.keys).count == 16, "every field answered, null ones included: \(node.keys)")

            let missing = try await api.graphql(query, variables: ["id": "no-such-model"])
            #expect(missing.status == .ok)
            #expect((missing.object["data"] as? [String: Any])?["llmModel"] is NSNull, "\(missing)")
            let error = missing.errors.first ?? [:]
            #expect((error["extensions"] as? [String: Any])?["code"] as? String == "model_not_found", "\(missing)")
            #expect(error["path"] as? [String] == ["llmModel"], "\(missing)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func pagesFollowTheRESTCursor(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let query = """
                query Page($first: Int, $after: String) {
                  llmModels(first: $first, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } totalCount }
                }
                """
            var ids: [String] = []
            var after: Any = NSNull()
            var pages = 0
            while true {
                let reply = try await api.graphql(query, variables: ["first": 5, "after": after])
                #expect(reply.object["errors"] == nil, "\(reply)")
                let page = reply.data["llmModels"] as? [String: Any] ?? [:]
                let info = page["pageInfo"] as? [String: Any] ?? [:]
                #expect(page["totalCount"] as? Int == 17)
                ids += (page["nodes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                pages += 1
                guard info["hasNextPage"] as? Bool == true, let cursor = info["endCursor"] as? String, pages < 10 else { break }
                after = cursor
            }
            #expect(pages == 4)
            #expect(ids == (try await api.allModels()).compactMap { $0["id"] as? String })

            let tooMany = try await api.graphql(query, variables: ["first": 1001])
            let tooManyError = tooMany.errors.first?["extensions"] as? [String: Any] ?? [:]
            #expect(tooManyError["code"] as? String == "validation_failed", "\(tooMany)")
            #expect(((tooManyError["fields"] as? [String: Any])?["first"] as? [String: Any])?["code"] as? String == "too_large")
            let badCursor = try await api.graphql(query, variables: ["after": "not a cursor!"])
            let cursorError = badCursor.errors.first?["extensions"] as? [String: Any] ?? [:]
            #expect(cursorError["code"] as? String == "invalid_cursor", "\(badCursor)")
            #expect((cursorError["fields"] as? [String: Any])?["after"] != nil, "\(badCursor)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func adminOnlyAndJSONOnly(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let anonymous = try await api.send(.post, "/graphql", json: ["query": "{ llmProviders { id } }"], token: nil)
            #expect(
                anonymous.status == .unauthorized && anonymous.code == "unauthorized" && anonymous.object["data"] == nil, "\(anonymous)")
            #expect(anonymous.headers[.wwwAuthenticate] != nil)
            // Another bearer secret is checked as an application key, and refused in GraphQL's shape.
            let wrong = try await api.send(.post, "/graphql", json: ["query": "{ llmProviders { id } }"], token: "wrong")
            #expect(wrong.status == .unauthorized && wrong.code == "unauthorized" && wrong.object["data"] == nil, "\(wrong)")
            let shapeless = try await api.send(.post, "/graphql", raw: "{\"variables\": {}}")
            #expect(shapeless.status == .badRequest && shapeless.code == "bad_request", "\(shapeless)")
            // A query is a POST, so a browser session must come from Hangar's own pages.
            let cookie = try await SessionAPITests.signIn(api)
            let body = ["query": "{ llmProviders { id } }"]
            let crossSite = CrossSiteAPITests.headers(cookie, [.origin: "http://evil.example"])
            let refused = try await api.send(.post, "/graphql", json: body, token: nil, headers: crossSite)
            #expect(refused.status == .forbidden && refused.code == "cross_site_request", "\(refused)")
            let ownPage = CrossSiteAPITests.headers(cookie, [SameOrigin.secFetchSite: "same-origin"])
            let fromUI = try await api.send(.post, "/graphql", json: body, token: nil, headers: ownPage)
            #expect(fromUI.status == .ok && fromUI.data["llmProviders"] != nil, "\(fromUI)")
            let syntax = try await api.graphql("{ llmProviders { id }")
            #expect(syntax.status == .ok)
            #expect(syntax.errors.count == 1 && syntax.code == "invalid_query", "\(syntax)")
            // Refused before execution: no data, and no path (no field failed).
            #expect(syntax.object.keys.sorted() == ["errors"] && syntax.errors.first?["path"] == nil, "\(syntax)")
            // A field that fails during execution: data is present, null up to the nearest nullable field.
            let failed = try await api.graphql(#"mutation { deleteLlmModel(id: "ollama-phi3") { id } }"#)
            #expect(failed.object["data"] is NSNull && failed.errors.first?["path"] as? [String] == ["deleteLlmModel"], "\(failed)")
            let unknownField = try await api.graphql("{ llmProviders { apiKey } }")
            #expect(unknownField.code == "invalid_query", "\(unknownField)")
        }
    }
}

extension Reply {
    var data: [String: Any] { object["data"] as? [String: Any] ?? [:] }
    var errors: [[String: Any]] { object["errors"] as? [[String: Any]] ?? [] }
    var errorMessages: [String] { errors.compactMap { $0["message"] as? String } }
    /// The first error's `extensions.code`.
    var code: String? { (errors.first?["extensions"] as? [String: Any])?["code"] as? String }
    /// The first error's `extensions.fields`, field name to its code.
    var fieldCodes: [String: String] {
        let fields = (errors.first?["extensions"] as? [String: Any])?["fields"] as? [String: [String: Any]] ?? [:]
        return fields.compactMapValues { $0["code"] as? String }
    }
}

extension String {
    /// REST's `azure-openai` as GraphQL's enum value `AZURE_OPENAI`.
    var graphQLEnum: String { uppercased().replacingOccurrences(of: "-", with: "_") }
}

extension API {
    func graphql(_ query: String, variables: [String: Any] = [:], token: String? = TestServer.token) async throws -> Reply {
        try await send(.post, "/graphql", json: ["query": query, "variables": variables], token: token)
    }

    /// A new application key's secret.
    func keySecret(scopes: [String] = ["catalog:read"], models: [String]? = nil) async throws -> String {
        var body: [String: Any] = ["name": "graphql-\(UUID().uuidString.prefix(6))", "scopes": scopes]
        if let models { body["models"] = models }
        let created = try await post("/api/keys", body)
        #expect(created.status == .created, "\(created)")
        return created.object["secret"] as? String ?? ""
    }
}
