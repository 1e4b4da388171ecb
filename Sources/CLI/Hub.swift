import ArgumentParser
import Foundation
import HangarClient
import HangarOpenAPI

/// `hangar hub search|files`: browse the Hugging Face Hub for GGUF models before creating one.
struct Hub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Browse the Hugging Face Hub for GGUF models.",
        subcommands: [Search.self, Files.self])

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "GGUF repositories matching a search, most downloaded first.")
        @Argument(help: "Words in the repository's name.") var query: String = ""
        @Option(help: "How many (1 to 100).") var limit: Int = 30
        @Option(help: "Use this model's Hugging Face token (else the server's).") var modelId: String?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let found = try await client.call { [query, limit, modelId] api in
                try await api.searchHub(query: .init(q: query, limit: limit, modelId: modelId)).ok.body.json
            }
            if client.json { return printOut(try Table.json(found)) }
            printOut(
                Table.render(
                    headers: ["REPOSITORY", "DOWNLOADS", "LIKES", "ACCESS"],
                    rows: found.models.map { repo in
                        [repo.repo, String(repo.downloads), String(repo.likes), repo.isPrivate ? "private" : repo.gated ? "gated" : "open"]
                    }))
        }
    }

    struct Files: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A repository's GGUF models: one line per quantization, split files together.",
            discussion: "Create the model with its repository, revision and the FILE shown (the first part of a split model).")
        @Argument(help: "The repository, owner/name.") var repo: String
        @Option(help: "Branch, tag or commit.") var revision: String = "main"
        @Option(help: "Use this model's Hugging Face token (else the server's).") var modelId: String?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let list = try await client.call { [repo, revision, modelId] api in
                try await api.listHubFiles(query: .init(repo: repo, revision: revision, modelId: modelId)).ok.body.json
            }
            if client.json { return printOut(try Table.json(list)) }
            printOut(
                Table.render(
                    headers: ["QUANTIZATION", "SIZE", "PARTS", "FILE"],
                    rows: list.choices.map { choice in
                        [
                            choice.quantization ?? "?", ProgressBar.bytes(choice.size),
                            choice.complete ? String(choice.files.count) : "\(choice.files.count) (incomplete)", choice.file,
                        ]
                    }))
        }
    }
}
