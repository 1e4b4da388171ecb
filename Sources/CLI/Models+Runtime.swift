import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

extension Models {
    /// `hangar models start ID [--on SERVER…]`: loads the model, following each start job.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a model on its Ollama servers.",
            discussion: """
                A model on an Ollama connection starts on that server; a local model on every server it was deployed to, \
                or on the ones --on names. Exits non-zero when any server fails to load it.
                """)
        @Argument(help: "The model's id.") var id: String
        @Option(name: .customLong("on"), parsing: .upToNextOption, help: "Ollama connections (id or name); default: all of the model's.")
        var servers: [String] = []
        @Option(
            name: .customLong("keep-alive"), help: "How long it stays loaded when idle (5m, 1h; default: the ollama_keep_alive setting).")
        var keepAlive: String?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let request = StartModelRequest(providerIDs: try await serverIDs(servers, client: client), keepAlive: keepAlive)
            let runtime = try await client.call { [id] api in
                try await api.startModel(path: .init(id: id), body: .json(request)).accepted.body.json
            }
            var failed = false
            for server in runtime.servers {
                guard let job = server.jobID else { continue }
                do {
                    try await watchJob(id: job, client: client)
                } catch let failure as CLIFailure {
                    printErr("\(server.providerName): \(failure.description)\n")
                    failed = true
                }
            }
            let after = try await client.call { [id] api in try await api.getModelRuntime(path: .init(id: id)).ok.body.json }
            try printRuntime(after, json: client.json)
            if failed { throw ExitCode(1) }
        }
    }

    /// `hangar models stop ID [--on SERVER…] [--force]`.
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unload a model from its Ollama servers.",
            discussion: "--force repeats the unload until the server no longer lists the model (up to 5 s).")
        @Argument(help: "The model's id.") var id: String
        @Option(name: .customLong("on"), parsing: .upToNextOption, help: "Ollama connections (id or name); default: all of the model's.")
        var servers: [String] = []
        @Flag(help: "Wait until the server has unloaded it.") var force = false
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let request = StopModelRequest(providerIDs: try await serverIDs(servers, client: client), force: force ? true : nil)
            let runtime = try await client.call { [id] api in
                try await api.stopModel(path: .init(id: id), body: .json(request)).ok.body.json
            }
            try printRuntime(runtime, json: client.json)
            if runtime.servers.contains(where: { $0.status == .error }) { throw ExitCode(1) }
        }
    }

    /// `hangar models runtime ID`: the status on each server.
    struct Runtime: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether a model is loaded on each of its Ollama servers.")
        @Argument(help: "The model's id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let runtime = try await client.call { [id] api in try await api.getModelRuntime(path: .init(id: id)).ok.body.json }
            try printRuntime(runtime, json: client.json)
        }
    }
}

private func serverIDs(_ servers: [String], client: ClientOptions) async throws -> [String]? {
    guard !servers.isEmpty else { return nil }
    var ids: [String] = []
    for server in servers { ids.append(try await ollamaServerID(server, client: client)) }
    return ids
}

private func printRuntime(_ runtime: ModelRuntime, json: Bool) throws {
    if json { return printOut(try Table.json(runtime)) }
    printOut(
        Table.render(
            headers: ["SERVER", "NAME", "STATUS", "UNTIL", "MESSAGE"],
            rows: runtime.servers.map { [$0.providerName, $0.name, $0.status.rawValue, $0.expiresAt ?? "", $0.message ?? ""] }))
}
