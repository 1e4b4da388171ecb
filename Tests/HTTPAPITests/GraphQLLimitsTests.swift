import Foundation
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// Depth and cost are checked before anything runs; introspection is not limited.
@Suite struct GraphQLLimitsTests {
    /// `provider { defaultModel { … } }` nested until the query is `depth` fields deep.
    static func nested(depth: Int) -> String {
        let levels = (0..<(depth - 2)).map { $0 % 2 == 0 ? "provider" : "defaultModel" }
        let inner = levels.reversed().reduce("name") { inner, field in "\(field) { \(inner) }" }
        return #"{ llmModel(id: "ollama-phi3") { \#(inner) } }"#
    }

    @Test(arguments: TestDatabases.engines)
    func depthAndCost(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let deepest = try await api.graphql(Self.nested(depth: 10))
            #expect(deepest.object["errors"] == nil, "\(deepest)")
            let tooDeep = try await api.graphql(Self.nested(depth: 11))
            #expect(tooDeep.code == "query_too_deep" && tooDeep.object["data"] == nil, "\(tooDeep)")
            #expect(tooDeep.errorMessages.first?.contains("11 levels") == true, "\(tooDeep)")
            // A fragment counts where it is spread.
            let viaFragment = try await api.graphql(
                "query { llmModels { nodes { ...Deep } } } fragment Deep on LlmModel { provider { defaultModel { provider { defaultModel { provider { defaultModel { provider { defaultModel { name } } } } } } } } }"
            )
            #expect(viaFragment.code == "query_too_deep", "\(viaFragment)")

            // A page of 1,000 models counts 2,000 objects (the page, then its nodes); 10 fit, 11 do not.
            let page = "llmModels(first: $first) { nodes { id } }"
            let ten = (0..<10).map { "p\($0): \(page)" }.joined(separator: " ")
            #expect(try await api.graphql("query Q($first: Int) { \(ten) }", variables: ["first": 1000]).object["errors"] == nil)
            let eleven = (0..<11).map { "p\($0): \(page)" }.joined(separator: " ")
            let costly = try await api.graphql("query Q($first: Int) { \(eleven) }", variables: ["first": 1000])
            #expect(costly.code == "query_too_costly" && costly.object["data"] == nil, "\(costly)")
            // The same query with small pages is cheap.
            #expect(try await api.graphql("query Q($first: Int) { \(eleven) }", variables: ["first": 10]).object["errors"] == nil)
        }
    }

    /// The introspection query GraphQL clients send (graphql-js's, which nests `ofType` seven
    /// times) is answered whatever the limits.
    @Test func introspectionIsNotLimited() async throws {
        try await TestServer.withApp(.sqlite) { api in
            let typeRef = (0..<8).reduce("kind name") { inner, _ in "kind name ofType { \(inner) }" }
            let query = """
                query IntrospectionQuery { __schema { queryType { name } mutationType { name }
                  types { kind name description fields(includeDeprecated: true) { name args { name type { \(typeRef) } } type { \(typeRef) } }
                    inputFields { name type { \(typeRef) } } enumValues(includeDeprecated: true) { name } }
                  directives { name locations args { name } } } }
                """
            let reply = try await api.graphql(query)
            #expect(reply.object["errors"] == nil, "\(reply)")
            let types = ((reply.data["__schema"] as? [String: Any])?["types"] as? [[String: Any]] ?? []).compactMap {
                $0["name"] as? String
            }
            #expect(types.contains("LlmModel") && types.contains("UpdateLlmModelInput") && types.contains("JSON"))
            #expect(
                (reply.data["__schema"] as? [String: Any]).flatMap { ($0["mutationType"] as? [String: Any])?["name"] as? String }
                    == "Mutation")
        }
    }
}
