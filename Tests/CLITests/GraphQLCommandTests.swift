import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar graphql QUERY` against a live server: the JSON answer on stdout, exit 1 on errors.
@Suite(.timeLimit(.minutes(3))) struct GraphQLCommandTests {
    typealias Fixture = CLIFixture

    @Test func queriesMutationsAndErrors() async throws {
        try await Fixture.withServer(.sqlite) { url in
            let read = try await Fixture.hangar(
                [
                    "graphql", "query One($id: ID!) { llmModel(id: $id) { name provider { name } } }", "--variables",
                    #"{"id": "ollama-phi3"}"#,
                ],
                url: url)
            #expect(read.status == 0, "\(read)")
            let model = ((try read.json() as? [String: Any])?["data"] as? [String: Any])?["llmModel"] as? [String: Any]
            #expect(model?["name"] as? String == "Phi-3" && (model?["provider"] as? [String: Any])?["name"] as? String == "Ollama")

            let mutation = #"mutation { updateLlmModel(id: "ollama-phi3", input: {temperatureDefault: 0.2}) { temperatureDefault } }"#
            let fromStdin = try await Fixture.hangar(["graphql", "-"], url: url, stdin: mutation)
            #expect(fromStdin.status == 0 && fromStdin.stdout.contains("0.2"), "\(fromStdin)")

            let invalid = try await Fixture.hangar(["graphql", #"{ llmModel(id: "nope") { name } }"#], url: url)
            #expect(invalid.status == 1 && invalid.stdout.contains("model_not_found") && invalid.stderr.contains("1 error"), "\(invalid)")
            let unauthorized = try await Fixture.hangar(["graphql", "{ llmProviders { id } }"], url: url, token: "wrong")
            #expect(unauthorized.status == 1 && unauthorized.stderr.contains("HANGAR_ADMIN_TOKEN"), "\(unauthorized)")
            let badVariables = try await Fixture.hangar(["graphql", "{ llmProviders { id } }", "--variables", "[1]"], url: url)
            #expect(badVariables.status != 0 && badVariables.stderr.contains("--variables"), "\(badVariables)")
            let empty = try await Fixture.hangar(["graphql", "-"], url: url, stdin: " ")
            #expect(empty.status != 0 && empty.stderr.contains("empty"), "\(empty)")
        }
    }
}
