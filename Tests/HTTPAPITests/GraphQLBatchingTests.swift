import Foundation
import GraphQLAPI
import HangarCore
import HangarTesting
import Logging
import Secrets
import Storage
import Testing

@testable import App

/// A query for many models with their connections and replacements runs a fixed number of SQL
/// statements: the same for 1,000 models as for 2.
@Suite struct GraphQLBatchingTests {
    static let models = 1000

    @Test(arguments: TestDatabases.engines)
    func statementsDoNotGrowWithTheModels(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let configuration = TestServer.configuration(location)
        try await TestServer.withApp(configuration) { api in try await Self.seed(api) }
        let key = try configuration.secretKeyStore.load().key
        try await TestDatabases.withStore(location, migrate: false) { store in
            let counter = StatementCounter()
            let live = LiveParts(
                configuration: configuration, database: counter.counting(store), secrets: SecretBox(key: key),
                upstream: try configuration.upstreamClients(), logger: TestServer.logger)
            let services = live.services
            let graphql = try GraphQLService(
                catalog: services.downloads.catalog, downloads: services.downloads, settings: services.settings, usage: services.usage,
                gateway: services.gateway)
            func statements(_ query: String) async throws -> (count: Int, data: [String: Any]) {
                counter.reset()
                let answer = try await graphql.respond(to: GraphQLRequest(query: query), caller: .admin)
                let object = try JSON.object(answer.body)
                #expect(object["errors"] == nil, "\(String(decoding: answer.body, as: UTF8.self).prefix(400))")
                return (counter.statements, object["data"] as? [String: Any] ?? [:])
            }
            let page = { (first: Int) in
                "{ llmModels(first: \(first), filter: {text: \"batch\"}) { totalCount nodes { id provider { name } replacement { id provider { name } replacement { id } } } } }"
            }
            let all = try await statements(page(Self.models))
            let nodes = (all.data["llmModels"] as? [String: Any])?["nodes"] as? [[String: Any]] ?? []
            #expect(nodes.count == Self.models)
            #expect(nodes.filter { $0["replacement"] is [String: Any] }.count == Self.models / 2)
            #expect(nodes.allSatisfy { ($0["provider"] as? [String: Any])?["name"] as? String == "Ollama" })
            let two = try await statements(page(2))
            // The page, its count, the connections, then one statement per level of replacements.
            #expect(all.count == two.count, "1,000 models: \(all.count) statements; 2 models: \(two.count)")
            #expect(all.count <= 5, "\(all.count) statements")

            let available = try await statements("{ availableModels { id provider { name } replacement { id } } }")
            #expect((available.data["availableModels"] as? [Any])?.count ?? 0 > Self.models / 2)
            let again = try await statements("{ availableModels { id provider { name } } }")
            // The first read fills the gateway's snapshot (connections, their keys, the models);
            // the next one is served from it.
            #expect(available.count <= 12, "\(available.count) statements")
            #expect(again.count <= 1, "\(again.count) statements")
        }
    }

    /// 1,000 models on the Ollama connection in one import; every second one deprecated in
    /// favour of the one after it.
    static func seed(_ api: API) async throws {
        var export = try await api.get("/api/export").object
        var models = export["models"] as? [[String: Any]] ?? []
        for index in 0..<Self.models {
            var model: [String: Any] = [
                "id": "batch-\(index)", "provider_id": "ollama", "name": "Batch \(index)", "api_name": "batch-\(index)",
                "context_window": 8192, "max_output_tokens": 2048, "temperature_default": 0.7, "is_builtin": false,
                "status": "active", "replacement_model_id": NSNull(), "cost_input_per_million": NSNull(),
                "cost_output_per_million": NSNull(),
            ]
            if index % 2 == 0 {
                model["status"] = "deprecated"
                model["replacement_model_id"] = "batch-\(index + 1)"
            }
            models.append(model)
        }
        export["models"] = models
        let body = String(decoding: try JSONSerialization.data(withJSONObject: export), as: UTF8.self)
        let imported = try await api.send(.post, "/api/import", raw: body)
        #expect(imported.status == .ok, "\(imported)")
    }
}
