import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar ollama desired [MODEL --on SERVER… | MODEL --clear]`: the pins of the fleet.
struct OllamaDesired: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desired", abstract: "Show the pinned models, or pin a model to the servers it must be on.",
        discussion: "Without MODEL, lists every pin. With MODEL, --on replaces its servers and --clear removes the pin.")
    @Argument(help: "Model name, such as llama3.2 or qwen2.5:0.5b.") var model: String?
    @Option(name: .customLong("on"), parsing: .upToNextOption, help: "Ollama connections (id or name) the model must be on.")
    var servers: [String] = []
    @Flag(help: "Remove the model's pin.") var clear = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        guard let model else {
            let list = try await client.call { api in try await api.listOllamaDesired().ok.body.json }
            if client.json { return printOut(try Table.json(list)) }
            return printOut(
                Table.render(
                    headers: ["MODEL", "SERVERS", "UPDATED"],
                    rows: list.items.map { [$0.model, $0.providerIDs.joined(separator: ", "), $0.updatedAt ?? ""] }))
        }
        if clear == !servers.isEmpty {
            throw CLIFailure(InputError("Pin the model with --on SERVER…, or remove its pin with --clear (not both)."))
        }
        let ids = try await clear ? [] : ollamaServerIDs(servers, client: client)
        let pinned = try await client.call { api in
            try await api.setOllamaDesired(body: .json(OllamaDesiredRequest(model: model, providerIDs: ids))).ok.body.json
        }
        if client.json { return printOut(try Table.json(pinned)) }
        printOut(
            pinned.providerIDs.isEmpty
                ? "\(pinned.model) is no longer pinned.\n"
                : "\(pinned.model) is pinned to \(pinned.providerIDs.joined(separator: ", ")).\n")
    }
}

/// `hangar ollama drift`: how each server differs from its pins.
struct OllamaDriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Show how each Ollama server differs from its pins (missing, unexpected, outdated).")
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let drift = try await client.call { api in try await api.getOllamaDrift().ok.body.json }
        if client.json { return printOut(try Table.json(drift)) }
        printOut(
            Table.render(
                headers: ["SERVER", "STATE", "MISSING", "UNEXPECTED", "OUTDATED"],
                rows: drift.servers.map { server in
                    let state =
                        !server.reachable
                        ? "unreachable: \(server.error.map { "\($0.message) [\($0.code.rawValue)]" } ?? "")"
                        : server.inDesiredState ? "in desired state" : "drifted"
                    return [
                        server.providerName, state, server.missing.joined(separator: ", "), server.unexpected.joined(separator: ", "),
                        server.outdated.joined(separator: ", "),
                    ]
                }))
    }
}

/// `hangar ollama reconcile [--delete-unexpected] [--on SERVER…]`.
struct OllamaReconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Bring the servers to their pins: deploy or pull what is missing, pull what is outdated.",
        discussion: "Models nobody pinned on a server are deleted only with --delete-unexpected.")
    @Option(name: .customLong("on"), parsing: .upToNextOption, help: "Only these Ollama connections (id or name); default: all.")
    var servers: [String] = []
    @Flag(help: "Also delete the models installed where nobody pinned them.") var deleteUnexpected = false
    @Flag(help: "Follow the jobs until each ends (exits non-zero when one fails).") var wait = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let ids = try await servers.isEmpty ? nil : ollamaServerIDs(servers, client: client)
        let request = OllamaReconcileRequest(providerIDs: ids, deleteUnexpected: deleteUnexpected)
        let result = try await client.call { api in try await api.reconcileOllama(body: .json(request)).accepted.body.json }
        if client.json {
            printOut(try Table.json(result))
        } else if result.actions.isEmpty {
            printOut("Nothing to do: every server reached is in its desired state.\n")
        } else {
            printOut(
                Table.render(
                    headers: ["SERVER", "MODEL", "ACTION", "STATUS", "JOB", "ERROR"],
                    rows: result.actions.map { step in
                        [
                            step.providerID, step.model, step.action.rawValue, step.status.rawValue, step.jobID ?? "",
                            step.error.map { "\($0.message) [\($0.code.rawValue)]" } ?? "",
                        ]
                    }))
        }
        var failed = result.actions.contains { $0.status == .failed }
        if wait {
            let jobs = result.actions.compactMap { step in step.jobID.map { ("\(step.providerID) \(step.model)", $0) } }
            failed = try await followJobs(jobs, client: client) || failed
        }
        if failed { throw ExitCode(1) }
    }
}
