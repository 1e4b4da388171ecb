import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// availableModels, systemSettings, usage, filters, GET, and what an application key sees.
@Suite struct GraphQLQueryTests {
    @Test(arguments: TestDatabases.engines)
    func availableModelsPutDefaultsFirst(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            #expect(try await api.post("/api/models/ollama-phi3/deprecate").status == .ok)
            #expect(try await api.send(.patch, "/api/providers/mistral", json: ["enabled": false]).status == .ok)
            let set = try await api.graphql(#"mutation { setDefaultModel(id: "ollama-qwen2.5", purpose: CODE) { id } }"#)
            #expect(set.object["errors"] == nil, "\(set)")
            let query =
                "query Available($purpose: ModelPurpose) { availableModels(purpose: $purpose) { id status isDefault provider { id enabled } } }"
            let code = try await api.graphql(query, variables: ["purpose": "CODE"])
            let models = code.data["availableModels"] as? [[String: Any]] ?? []
            let ids = models.compactMap { $0["id"] as? String }
            #expect(ids.first == "ollama-qwen2.5", "\(ids)")
            // Then each connection's default, then by name.
            #expect(ids.dropFirst().first == "ollama-llama3.2", "\(ids)")
            #expect(!ids.contains("ollama-phi3"), "deprecated")
            #expect(!ids.contains { $0.hasPrefix("mistral-") }, "disabled connection")
            #expect(!ids.contains { $0.hasPrefix("local-") }, "a local file is not callable")
            #expect(models.allSatisfy { $0["status"] as? String == "ACTIVE" })
            #expect(models.allSatisfy { ($0["provider"] as? [String: Any])?["enabled"] as? Bool == true })
            // Exactly the active models the gateway would serve a key allowed everything.
            let secret = try await api.keySecret(scopes: ["inference"])
            let gateway = try await api.send(.get, "/v1/models", token: secret)
            let served = (gateway.object["data"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "active" }
            #expect(Set(ids) == Set(served.compactMap { $0["id"] as? String }))
            // Without a purpose, every purpose's default comes first.
            let all = try await api.graphql(query)
            #expect((all.data["availableModels"] as? [[String: Any]])?.first?["id"] as? String == "ollama-qwen2.5")
            let bad = try await api.graphql(query, variables: ["purpose": "POETRY"])
            #expect(bad.code == "invalid_query", "\(bad)")
        }
    }

    /// availableModels' answers are kept while the catalog is unchanged: a GraphQL change shows
    /// in the next answer, a REST one once its event arrives, and each key keeps its own.
    @Test(arguments: TestDatabases.engines)
    func keptAnswersFollowTheCatalog(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let query = "{ availableModels(purpose: CHAT) { id name provider { name defaultModel { id } } } }"
            @Sendable func models(_ token: String? = TestServer.token) async throws -> [[String: Any]] {
                let reply = try await api.graphql(query, token: token)
                #expect(reply.object["errors"] == nil, "\(reply)")
                return reply.data["availableModels"] as? [[String: Any]] ?? []
            }
            @Sendable func ids(_ token: String? = TestServer.token) async throws -> [String] {
                try await models(token).compactMap { $0["id"] as? String }
            }
            func change(_ mutation: String) async throws {
                let reply = try await api.graphql(mutation)
                #expect(reply.object["errors"] == nil, "\(reply)")
            }
            let first = try await ids()
            #expect(try await ids() == first)
            try await change(#"mutation { deprecateLlmModel(id: "ollama-gemma2") { id } }"#)
            let afterDeprecation = try await ids()
            #expect(!afterDeprecation.contains("ollama-gemma2") && afterDeprecation.count == first.count - 1)
            try await change(#"mutation { updateSystemSetting(key: "default_models", value: {chat: "ollama-phi3"}) { key } }"#)
            #expect(try await ids().first == "ollama-phi3")
            try await change(#"mutation { createLlmModel(input: {providerId: "ollama", name: "Team Model", apiName: "team:1b"}) { id } }"#)
            #expect(try await models().contains { $0["name"] as? String == "Team Model" })
            try await change(#"mutation { setDefaultModel(id: "ollama-qwen2.5") { id } }"#)
            let ollama = try await models().first { $0["id"] as? String == "ollama-phi3" }
            #expect(((ollama?["provider"] as? [String: Any])?["defaultModel"] as? [String: Any])?["id"] as? String == "ollama-qwen2.5")
            // A REST change reaches the snapshot through its event.
            #expect(try await api.post("/api/models/ollama-codellama/deprecate").status == .ok)
            try await within(.seconds(10), "the deprecation reaches availableModels") {
                while try await ids().contains("ollama-codellama") { try await Task.sleep(for: .milliseconds(20)) }
            }
            let one = try await api.keySecret(models: ["ollama-phi3"])
            let two = try await api.keySecret(models: ["ollama-llama3.2"])
            #expect(try await ids(one) == ["ollama-phi3"])
            #expect(try await ids(two) == ["ollama-llama3.2"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func filtersMatchREST(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let query = "query F($filter: LlmModelFilter) { llmModels(filter: $filter, first: 1000) { totalCount nodes { id } } }"
            let cases: [([String: Any], String)] = [
                (["providerId": "mistral"], "provider=mistral"), (["kind": "LOCAL"], "kind=local"),
                (["providerKind": "OLLAMA"], "kind=ollama"), (["status": "ACTIVE", "text": "llama"], "status=active&q=llama"),
            ]
            for (filter, rest) in cases {
                let reply = try await api.graphql(query, variables: ["filter": filter])
                let page = reply.data["llmModels"] as? [String: Any] ?? [:]
                let expected = try await api.get("/api/models?limit=1000&\(rest)")
                #expect(page["totalCount"] as? Int == expected.object["total"] as? Int, "\(filter)")
                #expect(
                    (page["nodes"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                        == expected.items.compactMap { $0["id"] as? String })
            }
            let both = try await api.graphql(query, variables: ["filter": ["kind": "LOCAL", "providerKind": "OLLAMA"]])
            #expect(both.code == "validation_failed" && both.fieldCodes["filter.providerKind"] == "invalid", "\(both)")
            let long = try await api.graphql(query, variables: ["filter": ["text": String(repeating: "a", count: 201)]])
            #expect(long.code == "validation_failed" && long.fieldCodes["filter.text"] == "too_long", "\(long)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func settingsAndUsageMatchREST(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            #expect(try await api.send(.put, "/api/settings", json: ["download_concurrency": 3]).status == .ok)
            let reply = try await api.graphql("{ systemSettings { key value } }")
            let settings = reply.data["systemSettings"] as? [[String: Any]] ?? []
            let rest = try await api.get("/api/settings").object
            #expect(Set(settings.compactMap { $0["key"] as? String }) == Set(rest.keys))
            let values = Dictionary(uniqueKeysWithValues: settings.map { ($0["key"] as? String ?? "", $0["value"] ?? NSNull()) })
            #expect(values["download_concurrency"] as? Int == 3)
            #expect(values["hf_endpoint"] as? String == rest["hf_endpoint"] as? String)
            #expect((values["default_models"] as? [String: Any])?.keys.sorted() == ["chat", "code", "embedding", "vision"])

            let usage = try await api.graphql(
                #"{ usage(from: "2026-01-01", to: "2026-01-31") { from to totals { calls costUsd unpricedCalls } days { day } keys { keyId } } }"#
            )
            let report = usage.data["usage"] as? [String: Any] ?? [:]
            let restUsage = try await api.get("/api/usage?from=2026-01-01&to=2026-01-31").object
            #expect(report["from"] as? String == restUsage["from"] as? String && report["to"] as? String == "2026-01-31")
            #expect((report["totals"] as? [String: Any])?["calls"] as? Int == 0)
            let badDay = try await api.graphql(#"{ usage(to: "2026-02-30") { from } }"#)
            #expect(badDay.code == "validation_failed" && badDay.fieldCodes["to"] != nil, "\(badDay)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aKeySeesOnlyItsModels(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let secret = try await api.keySecret(models: ["ollama-phi3", "mistral-mistral-small-latest"])
            let reply = try await api.graphql(
                "{ llmProviders { id } llmModels { totalCount nodes { id } } availableModels { id } }", token: secret)
            #expect(reply.object["errors"] == nil, "\(reply)")
            #expect((reply.data["llmProviders"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ["mistral", "ollama"])
            let page = reply.data["llmModels"] as? [String: Any] ?? [:]
            #expect(page["totalCount"] as? Int == 2)
            #expect(
                Set((reply.data["availableModels"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
                    == ["ollama-phi3", "mistral-mistral-small-latest"])
            let other = try await api.graphql(#"{ llmModel(id: "ollama-llama3.2") { id } }"#, token: secret)
            #expect(other.code == "model_not_found" && (other.data["llmModel"] is NSNull), "\(other)")
            // A key for every model reads the whole catalog.
            let open = try await api.keySecret()
            let everything = try await api.graphql("{ llmModels { totalCount } }", token: open)
            #expect((everything.data["llmModels"] as? [String: Any])?["totalCount"] as? Int == 17)
            // A key without catalog:read, or a revoked one, is refused before anything runs.
            let inference = try await api.keySecret(scopes: ["inference"])
            let refused = try await api.graphql("{ llmProviders { id } }", token: inference)
            #expect(refused.status == .forbidden && refused.code == "forbidden", "\(refused)")
            let keys = try await api.get("/api/keys").items
            let id = keys.first { ($0["prefix"] as? String).map { open.hasPrefix($0) } == true }?["id"] as? String ?? ""
            #expect(try await api.send(.delete, "/api/keys/\(id)").status.code < 300)
            let revoked = try await api.graphql("{ llmProviders { id } }", token: open)
            #expect(revoked.status == .unauthorized && revoked.code == "unauthorized", "\(revoked)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func getRunsQueriesOnly(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let query = "query One($id: ID!) { llmModel(id: $id) { name } }"
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let variables = #"{"id":"ollama-phi3"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let reply = try await api.get("/graphql?query=\(encoded)&variables=\(variables)")
            #expect(reply.status == .ok && (reply.data["llmModel"] as? [String: Any])?["name"] as? String == "Phi-3", "\(reply)")
            let mutation =
                #"mutation { restoreLlmModel(id: "ollama-phi3") { id } }"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                ?? ""
            let refused = try await api.get("/graphql?query=\(mutation)")
            #expect(refused.status == .methodNotAllowed && refused.headers[.allow] == "POST" && refused.code == "method_not_allowed")
            // Forms and HTTP clients encode a space as `+`.
            let form = try await api.get("/graphql?query=%7B+llmModel%28id%3A+%22ollama-phi3%22%29+%7B+name+%7D+%7D&variables=%7B%7D")
            #expect((form.data["llmModel"] as? [String: Any])?["name"] as? String == "Phi-3", "\(form)")
            let empty = try await api.get("/graphql")
            #expect(empty.status == .badRequest && empty.code == "bad_request", "\(empty)")
            let badVariables = try await api.get("/graphql?query=\(encoded)&variables=%5B1%5D")
            #expect(badVariables.status == .badRequest && badVariables.code == "bad_request", "\(badVariables)")
        }
    }
}
