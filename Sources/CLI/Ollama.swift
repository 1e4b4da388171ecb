import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar ollama …`: the Ollama servers of Hangar's connections, through Hangar's API.
struct Ollama: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the Ollama servers of your connections: models, pulls, running models, updates, the fleet's desired state.",
        discussion: "SERVER is the id or the name of a connection of kind ollama (the builtin one is `ollama`).",
        subcommands: [
            OllamaList.self, OllamaShow.self, OllamaPull.self, OllamaRemove.self, OllamaCopy.self, OllamaRunning.self,
            OllamaLoad.self, OllamaEject.self, OllamaUpdates.self, OllamaFleet.self, OllamaDesired.self, OllamaDriftCommand.self,
            OllamaReconcile.self,
        ])
}

/// The connection id of SERVER, given as an id or a name (case-insensitive).
func ollamaServerID(_ server: String, client: ClientOptions) async throws -> String {
    let providers = try await client.call { api in try await api.listProviders().ok.body.json.items }
    if let exact = providers.first(where: { $0.id == server }) { return exact.id }
    let named = providers.filter { $0.name.lowercased() == server.lowercased() }
    if named.count == 1 { return named[0].id }
    let servers = providers.filter { $0.kind == .ollama }.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")
    throw CLIFailure(InputError("No connection named '\(server)'. Ollama servers: \(servers.isEmpty ? "none" : servers)."))
}

struct OllamaList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the models pulled on a server.")
    @Argument(help: "Connection id or name.") var server: String
    @Flag(help: "Ask the server again instead of the list cached a few seconds.") var refresh = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let list = try await client.call { [refresh] api in
            try await api.listOllamaModels(path: .init(id: id), query: .init(refresh: refresh)).ok.body.json
        }
        if client.json { return printOut(try Table.json(list)) }
        printOut(
            Table.render(
                headers: ["NAME", "SIZE", "MODIFIED", "FAMILY", "PARAMETERS", "QUANTIZATION", "DIGEST", "UPDATE"],
                rows: list.models.map { model in
                    [
                        model.name, ProgressBar.bytes(model.size), String(model.modifiedAt.prefix(10)), model.family ?? "",
                        model.parameterSize ?? "", model.quantizationLevel ?? "", String(model.digest.prefix(12)),
                        model.update?.status.rawValue ?? "",
                    ]
                }))
    }
}

struct OllamaShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a model's details.")
    @Argument(help: "Connection id or name.") var server: String
    @Argument(help: "Model name, such as llama3.2 or qwen2.5:0.5b.") var model: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let details = try await client.call { [model] api in
            try await api.showOllamaModel(path: .init(id: id), query: .init(model: model)).ok.body.json
        }
        if client.json { return printOut(try Table.json(details)) }
        var rows: [[String]] = [["name", details.name]]
        for (key, value) in [
            ("family", details.family), ("parameters", details.parameterSize), ("quantization", details.quantizationLevel),
            ("format", details.format), ("context_length", details.contextLength.map(String.init)),
        ] {
            if let value { rows.append([key, value]) }
        }
        if !details.capabilities.isEmpty { rows.append(["capabilities", details.capabilities.joined(separator: ", ")]) }
        printOut(Table.render(headers: ["FIELD", "VALUE"], rows: rows))
        for (title, text) in [("Parameters", details.parameters), ("Template", details.template), ("System", details.system)] {
            if let text, !text.isEmpty { printOut("\n\(title):\n\(text)\n") }
        }
    }
}

struct OllamaPull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Pull a model onto a server, with a progress bar (Ctrl-C leaves it running).")
    @Argument(help: "Connection id or name.") var server: String
    @Argument(help: "Model name, such as llama3.2 or qwen2.5:0.5b.") var model: String
    @Flag(help: "Start the pull and return without watching it.") var detach = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let job = try await client.call { [model] api in
            try await api.pullOllamaModel(path: .init(id: id), body: .json(.init(model: model))).accepted.body.json
        }
        if detach {
            if client.json { return printOut(try Table.json(job)) }
            return printOut("Pull job \(job.id) \(job.state.rawValue). Follow it with `hangar jobs watch \(job.id)`.\n")
        }
        try await watchJob(id: job.id, client: client)
    }
}

struct OllamaRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a model from a server.")
    @Argument(help: "Connection id or name.") var server: String
    @Argument(help: "Model name.") var model: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        _ = try await client.call { [model] api in
            try await api.deleteOllamaModel(path: .init(id: id), query: .init(model: model)).noContent
        }
        if !client.json { printOut("Deleted \(model).\n") }
    }
}

struct OllamaCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cp", abstract: "Copy (retag) a model on a server.")
    @Argument(help: "Connection id or name.") var server: String
    @Argument(help: "Source model name.") var source: String
    @Argument(help: "Destination name, such as me/llama3.2:prod.") var destination: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        _ = try await client.call { [source, destination] api in
            try await api.copyOllamaModel(path: .init(id: id), body: .json(.init(source: source, destination: destination))).noContent
        }
        if !client.json { printOut("Copied \(source) to \(destination).\n") }
    }
}

struct OllamaRunning: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List the models loaded in memory.")
    @Argument(help: "Connection id or name.") var server: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let list = try await client.call { api in try await api.listOllamaRunning(path: .init(id: id)).ok.body.json }
        if client.json { return printOut(try Table.json(list)) }
        printOut(
            Table.render(
                headers: ["NAME", "SIZE", "VRAM", "CONTEXT", "EXPIRES"],
                rows: list.models.map { model in
                    [
                        model.name, ProgressBar.bytes(model.size), ProgressBar.bytes(model.sizeVRAM),
                        model.contextLength.map(String.init) ?? "", model.expiresAt ?? "",
                    ]
                }))
    }
}

struct OllamaLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Load a model into memory.")
    @Argument(help: "Connection id or name.") var server: String
    @Argument(help: "Model name.") var model: String
    @Option(help: "How long to keep it loaded: 5m, 1h, 30s, or -1 for ever (default: Ollama's).") var keepAlive: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let result = try await client.call { [model, keepAlive] api in
            try await api.loadOllamaModel(path: .init(id: id), body: .json(.init(model: model, keepAlive: keepAlive))).ok.body.json
        }
        if client.json { return printOut(try Table.json(result)) }
        printOut("Loaded \(result.model)\(result.loadDurationMs.map { String(format: " in %.0f ms", $0) } ?? "").\n")
    }
}

struct OllamaEject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eject", abstract: "Unload a model from memory.")
    @Argument(help: "Connection id or name.") var server: String
    @Argument(help: "Model name.") var model: String
    @Flag(help: "Repeat and check until it is gone (5 s at most).") var force = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let result = try await client.call { [model, force] api in
            try await api.ejectOllamaModel(path: .init(id: id), body: .json(.init(model: model, force: force))).ok.body.json
        }
        if client.json { return printOut(try Table.json(result)) }
        printOut(
            result.verified
                ? "Ejected \(result.model) (gone from the running models after \(result.attempts) request\(result.attempts == 1 ? "" : "s")).\n"
                : "Asked Ollama to unload \(result.model); it goes once idle. Use --force to wait until it is gone.\n")
    }
}

struct OllamaUpdates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "updates", abstract: "Check every model of a server for updates (nothing is downloaded).")
    @Argument(help: "Connection id or name.") var server: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        let id = try await ollamaServerID(server, client: client)
        let job = try await client.call { api in try await api.checkOllamaUpdates(path: .init(id: id)).accepted.body.json }
        var quiet = client
        quiet.json = true
        try await watchJob(id: job.id, client: quiet, printResult: false)
        let list = try await client.call { api in
            try await api.listOllamaModels(path: .init(id: id), query: .init(refresh: false)).ok.body.json
        }
        if client.json { return printOut(try Table.json(list.models)) }
        printOut(
            Table.render(
                headers: ["NAME", "STATUS", "LOCAL", "REGISTRY", "REASON"],
                rows: list.models.map { model in
                    [
                        model.name, model.update?.status.rawValue ?? "unknown", String(model.digest.prefix(12)),
                        String((model.update?.remoteDigest ?? "").prefix(12)), model.update?.reason ?? "",
                    ]
                }))
    }
}
