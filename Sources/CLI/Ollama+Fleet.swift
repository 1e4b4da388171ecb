import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar ollama fleet pull|update|delete MODEL --on SERVER…`: one model, many servers.
struct OllamaFleet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet", abstract: "Pull, update or delete one model on several servers at once.",
        subcommands: [OllamaFleetPull.self, OllamaFleetUpdate.self, OllamaFleetDelete.self])
}

/// What every fleet subcommand takes.
struct FleetArguments: ParsableArguments {
    @Argument(help: "Model name, such as llama3.2 or qwen2.5:0.5b.") var model: String
    @Option(name: .customLong("on"), parsing: .upToNextOption, help: "Ollama connections (id or name), one or more.") var servers: [String]
    @Flag(help: "Follow the jobs until each ends (exits non-zero when one fails).") var wait = false
}

struct OllamaFleetPull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull a model onto every server named.")
    @OptionGroup var arguments: FleetArguments
    @OptionGroup var client: ClientOptions

    func run() async throws { try await runFleet(.pull, arguments, client: client) }
}

struct OllamaFleetUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Pull a model again on the servers named that have it (the others are skipped).")
    @OptionGroup var arguments: FleetArguments
    @OptionGroup var client: ClientOptions

    func run() async throws { try await runFleet(.update, arguments, client: client) }
}

struct OllamaFleetDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a model from every server named.")
    @OptionGroup var arguments: FleetArguments
    @OptionGroup var client: ClientOptions

    func run() async throws { try await runFleet(.delete, arguments, client: client) }
}

/// Sends the group action, prints one line per server, and exits non-zero when a server
/// failed (or, with --wait, its job did).
func runFleet(_ action: OllamaFleetAction, _ arguments: FleetArguments, client: ClientOptions) async throws {
    let ids = try await ollamaServerIDs(arguments.servers, client: client)
    let request = OllamaFleetRequest(model: arguments.model, providerIDs: ids)
    let result = try await client.call { api in
        switch action {
        case .pull: try await api.ollamaFleetPull(body: .json(request)).accepted.body.json
        case .update: try await api.ollamaFleetUpdate(body: .json(request)).accepted.body.json
        case .delete: try await api.ollamaFleetDelete(body: .json(request)).ok.body.json
        }
    }
    if client.json {
        printOut(try Table.json(result))
    } else {
        printOut(
            Table.render(
                headers: ["SERVER", "STATUS", "JOB", "ERROR"],
                rows: result.servers.map { line in
                    [
                        line.providerID, line.status.rawValue, line.jobID ?? "",
                        line.error.map { "\($0.message) [\($0.code.rawValue)]" } ?? "",
                    ]
                }))
    }
    var failed = result.servers.contains { $0.status == .failed }
    if arguments.wait {
        let jobs = result.servers.compactMap { line in line.jobID.map { (line.providerID, $0) } }
        failed = try await followJobs(jobs, client: client) || failed
    }
    if failed { throw ExitCode(1) }
}

/// The connection ids of SERVER…, at least one.
func ollamaServerIDs(_ servers: [String], client: ClientOptions) async throws -> [String] {
    guard !servers.isEmpty else { throw CLIFailure(InputError("Name at least one Ollama server with --on.")) }
    var ids: [String] = []
    for server in servers { ids.append(try await ollamaServerID(server, client: client)) }
    return ids
}

/// Follows each job to its end without progress bars; returns whether any failed.
func followJobs(_ jobs: [(label: String, id: String)], client: ClientOptions) async throws -> Bool {
    var quiet = client
    quiet.json = true
    var failed = false
    for job in jobs {
        do {
            try await watchJob(id: job.id, client: quiet, printResult: false)
            if !client.json { printOut("\(job.label): job \(job.id) succeeded\n") }
        } catch let failure as CLIFailure {
            printErr("\(job.label): job \(job.id) \(failure.description)\n")
            failed = true
        }
    }
    return failed
}
