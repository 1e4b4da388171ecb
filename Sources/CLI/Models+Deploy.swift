import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

extension Models {
    /// `hangar models deploy ID --to SERVER…`: one job per server, followed until each ends.
    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a downloaded local model on Ollama servers.",
            discussion: """
                Each server gets the file only when it lacks it, then makes the model; the catalog gets it on \
                each connection. Exits non-zero when any server's job fails.
                """)
        @Argument(help: "The local model's id.") var id: String
        @Option(name: .customLong("to"), parsing: .upToNextOption, help: "Ollama connections (id or name), one or more.") var servers:
            [String]
        @Option(help: "The Ollama name (default: the file's name without .gguf).") var name: String?
        @Option(help: "The model's system prompt.") var system: String?
        @Option(help: "The model's prompt template.") var template: String?
        @Flag(help: "Return once the jobs are queued instead of following them.") var noWait = false
        @OptionGroup var client: ClientOptions

        func run() async throws {
            guard !servers.isEmpty else { throw CLIFailure(InputError("Name at least one Ollama server with --to.")) }
            var ids: [String] = []
            for server in servers { ids.append(try await ollamaServerID(server, client: client)) }
            let request = DeployRequest(providerIDs: ids, name: name, template: template, system: system)
            let result = try await client.call { [id] api in
                try await api.deployModel(path: .init(id: id), body: .json(request)).accepted.body.json
            }
            if noWait {
                if client.json { return printOut(try Table.json(result)) }
                return printOut(
                    Table.render(headers: ["SERVER", "JOB"], rows: result.jobs.map { [$0.providerID, $0.jobID] }))
            }
            var failures: [String] = []
            for job in result.jobs {
                if !client.json { printOut("\(job.providerID): deploying \(result.name)\n") }
                do {
                    try await watchJob(id: job.jobID, client: client)
                } catch let failure as CLIFailure {
                    printErr("\(job.providerID): \(failure.description)\n")
                    failures.append(job.providerID)
                }
            }
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }
}
