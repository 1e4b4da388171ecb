import ArgumentParser
import Foundation
import HangarClient

/// `hangar graphql QUERY`: runs one GraphQL request and prints the JSON answer, for scripts.
struct GraphQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graphql",
        abstract: "Run a GraphQL query or mutation and print the JSON answer.",
        discussion: """
            The answer is printed as the server sends it ({"data": …, "errors": […]}). The exit status is 1 \
            when it holds errors, so a script can test it. Example:
              hangar graphql '{ availableModels(purpose: CHAT) { id name provider { name } } }'
            """)
    @Argument(help: .init("The query, or - to read it from stdin.", valueName: "query")) var query: String
    @Option(help: "Variables as a JSON object.") var variables: String?
    @Option(help: "Which operation to run, when the document holds several.") var operationName: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let text = query == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : query
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIFailure(InputError("The query is empty; pass it as an argument, or - and the query on stdin."))
        }
        var parsed: [String: Any]?
        if let variables {
            guard let object = try? JSONSerialization.jsonObject(with: Data(variables.utf8)) as? [String: Any] else {
                throw CLIFailure(InputError("--variables must be a JSON object, like '{\"id\": \"ollama-phi3\"}'."))
            }
            parsed = object
        }
        let answer: (status: Int, body: Data)
        do {
            answer = try await GraphQLCall.post(
                url: client.baseURL, token: client.token(), query: text, variables: parsed, operationName: operationName)
        } catch {
            throw CLIFailure(error)
        }
        printOut(String(decoding: answer.body, as: UTF8.self) + "\n")
        let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
        let errors = object?["errors"] as? [[String: Any]] ?? []
        guard errors.isEmpty, answer.status == 200 else {
            var hint = "The answer holds \(errors.count) error(s) (HTTP \(answer.status))."
            if answer.status == 401 {
                hint += " Set HANGAR_ADMIN_TOKEN, or run from the directory holding the server's data/admin-token (or pass --data-dir)."
            }
            printErr(hint + "\n")
            throw ExitCode(1)
        }
    }
}
