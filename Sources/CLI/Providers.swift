import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

struct Providers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Provider connections.",
        discussion: """
            NAME is a connection id or its name (case-insensitive). API keys are read from stdin, \
            never from the command line, and never printed: `hangar providers set-key NAME < key.txt`.
            """,
        subcommands: [List.self, Show.self, Create.self, Edit.self, SetKey.self, Test.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List provider connections.")

        @OptionGroup var client: ClientOptions

        func run() async throws {
            let providers = try await client.call { api in try await api.listProviders().ok.body.json.items }
            if client.json { return printOut(try Table.json(providers)) }
            printOut(
                Table.render(
                    headers: ["ID", "KIND", "NAME", "ENABLED", "BASE URL", "DEFAULT MODEL", "KEY", "LAST TEST"],
                    rows: providers.map {
                        [
                            $0.id, $0.kind.rawValue, $0.name, $0.enabled ? "yes" : "no", $0.baseURL ?? "–", $0.defaultModelID ?? "–",
                            keyLabel($0), $0.lastTest.map { $0.success ? "passed" : "failed (\($0.stage))" } ?? "–",
                        ]
                    }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one connection (its key only as configured or not).")
        @Argument(help: "Connection id or name.") var name: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let provider = try await client.call { [name] api in try await resolveProvider(api, name) }
            printProvider(provider, json: client.json)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a connection.",
            discussion: """
                The base URL defaults to the public endpoint for mistral (https://api.mistral.ai), openai \
                (https://api.openai.com) and ollama (http://localhost:11434). With --api-key-stdin the key \
                is read from stdin (a prompt without echo on a terminal).
                """)
        @Argument(help: .init("Display name, 1–64 characters (or --name).", valueName: "name")) var positionalName: String?
        @Option(help: "mistral, openai, azure-openai, ollama or openai-compatible.") var kind: String
        @Option(help: "Display name, 1–64 characters, unique (case-insensitive).") var name: String?
        @Option(help: "http:// or https:// address of the service.") var baseURL: String?
        @Option(help: "Azure OpenAI API version (default \(ProviderKind.defaultAzureAPIVersion)).") var apiVersion: String?
        @Flag(help: "Read the API key from stdin.") var apiKeyStdin = false
        @Flag(help: "Create the connection disabled.") var disabled = false
        @Option(help: "Requests per minute, 1–1,000,000,000.") var rpmLimit: Int?
        @Option(help: "Tokens per minute, 1–1,000,000,000.") var tpmLimit: Int?
        @Option(help: "Concurrent calls, 1–1,000.") var maxParallel: Int?
        @OptionGroup var client: ClientOptions

        func validate() throws {
            if positionalName != nil && name != nil && positionalName != name {
                throw ValidationError("Give the name once: as NAME or with --name.")
            }
            if positionalName == nil && name == nil { throw ValidationError("A name is required: NAME or --name.") }
        }

        func run() async throws {
            guard let kind = ProviderKind(rawValue: kind), kind != .local else {
                throw ValidationError("--kind must be mistral, openai, azure-openai, ollama or openai-compatible.")
            }
            guard let baseURL = baseURL ?? defaultBaseURL(kind) else {
                throw ValidationError("--base-url is required for \(kind.rawValue) connections.")
            }
            let apiKey = apiKeyStdin ? try readSecret(prompt: "API key: ") : nil
            let draft = ProviderDraft(
                kind: kind.rawValue, name: name ?? positionalName ?? "", baseURL: baseURL, apiVersion: apiVersion, apiKey: apiKey,
                enabled: disabled ? false : nil, rpmLimit: rpmLimit, tpmLimit: tpmLimit, maxParallel: maxParallel)
            let provider = try await client.call { api in try await api.createProvider(body: .json(draft)).created.body.json }
            printProvider(provider, json: client.json)
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a connection's settings.",
            discussion: "Limits accept `none` to remove them. Use `set-key` for the API key.")
        @Argument(help: "Connection id or name.") var connection: String
        @Option(help: "New display name.") var name: String?
        @Option(help: "New base URL.") var baseURL: String?
        @Option(help: "Azure OpenAI API version.") var apiVersion: String?
        @Flag(exclusivity: .exclusive, help: "Enable or disable the connection.") var state: EnabledState?
        @Option(help: "Id of an active model of this connection to use by default.") var defaultModel: String?
        @Flag(help: "Remove the default model.") var clearDefaultModel = false
        @Option(help: "Requests per minute (1–1,000,000,000) or none.") var rpmLimit: LimitValue?
        @Option(help: "Tokens per minute (1–1,000,000,000) or none.") var tpmLimit: LimitValue?
        @Option(help: "Concurrent calls (1–1,000) or none.") var maxParallel: LimitValue?
        @OptionGroup var client: ClientOptions

        enum EnabledState: String, EnumerableFlag {
            case enable, disable
        }

        func validate() throws {
            if defaultModel != nil && clearDefaultModel {
                throw ValidationError("Use either --default-model or --clear-default-model.")
            }
        }

        func run() async throws {
            let patch = ProviderPatch(
                name: name, baseURL: baseURL.map { .set($0) }, apiVersion: apiVersion.map { .set($0) },
                enabled: state.map { $0 == .enable },
                defaultModelID: clearDefaultModel ? .clear : defaultModel.map { .set($0) },
                rpmLimit: rpmLimit?.patch, tpmLimit: tpmLimit?.patch, maxParallel: maxParallel?.patch)
            guard patch != ProviderPatch() else {
                throw ValidationError("Nothing to change: give at least one option (see --help).")
            }
            let provider = try await client.call { [connection] api in
                let id = try await resolveProvider(api, connection).id
                return try await api.updateProvider(path: .init(id: id), body: .json(patch)).ok.body.json
            }
            printProvider(provider, json: client.json)
        }
    }

    struct SetKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-key",
            abstract: "Set, rotate or clear a connection's API key.",
            discussion: """
                The key is read from stdin (`hangar providers set-key NAME < key.txt`, or typed at a prompt \
                without echo). It is never accepted as an argument, so it stays out of shell history and \
                process lists.
                """)
        @Argument(help: "Connection id or name.") var connection: String
        @Flag(help: "Remove the stored key instead of setting one.") var clear = false
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let key: PatchValue<String> = clear ? .clear : .set(try readSecret(prompt: "API key: "))
            let provider = try await client.call { [connection] api in
                let id = try await resolveProvider(api, connection).id
                return try await api.updateProvider(path: .init(id: id), body: .json(ProviderPatch(apiKey: key))).ok.body.json
            }
            if client.json { return printProvider(provider, json: true) }
            printOut(
                clear
                    ? "Cleared the API key of \(provider.name) (\(provider.id)).\n"
                    : "Stored the API key of \(provider.name) (\(provider.id)).\n")
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Test a connection in stages: reachability, authentication, model listing, optionally a completion.",
            discussion: """
                With NAME alone, tests the saved connection and stores the result as its last test. With \
                --kind/--base-url/--api-version/--api-key-stdin, tests those settings without saving \
                anything (with NAME too, its stored key is used unless --api-key-stdin gives another).
                Exit status: 0 when the connection works, 2 when the test failed, 1 on any other error.
                """)
        @Argument(help: "Connection id or name (optional for an unsaved test).") var connection: String?
        @Flag(help: "Also send a one-token completion.") var completion = false
        @Option(
            help:
                "Model for the completion: a catalog model id for a saved connection, the API name (or Azure deployment) for an unsaved test."
        )
        var model: String?
        @Option(help: "Unsaved test: connection kind.") var kind: String?
        @Option(help: "Unsaved test: base URL.") var baseURL: String?
        @Option(help: "Unsaved test: Azure OpenAI API version.") var apiVersion: String?
        @Flag(help: "Unsaved test: read the API key from stdin.") var apiKeyStdin = false
        @OptionGroup var client: ClientOptions

        var unsaved: Bool { kind != nil || baseURL != nil || apiVersion != nil || apiKeyStdin }

        func validate() throws {
            if connection == nil && (kind == nil || baseURL == nil) {
                throw ValidationError("Give a connection NAME, or --kind and --base-url for an unsaved test.")
            }
        }

        func run() async throws {
            if let kind, ProviderKind(rawValue: kind) == nil || kind == ProviderKind.local.rawValue {
                throw ValidationError("--kind must be mistral, openai, azure-openai, ollama or openai-compatible.")
            }
            let apiKey = apiKeyStdin ? try readSecret(prompt: "API key: ") : nil
            let (label, result) = try await client.call { [connection, kind, baseURL, apiVersion, completion, model, unsaved] api in
                let provider = try await connection.asyncMap { try await resolveProvider(api, $0) }
                if !unsaved, let provider {
                    let options = ConnectionTestOptions(completion: completion ? true : nil, modelID: model)
                    let result = try await api.testProvider(path: .init(id: provider.id), body: .json(options)).ok.body.json
                    return ("\(provider.name) (\(provider.id))", result)
                }
                guard let kind = kind ?? provider?.kind.rawValue, let baseURL = baseURL ?? provider?.baseURL else {
                    throw ValidationError("--base-url is required: the connection has none.")
                }
                let form = ConnectionTestForm(
                    kind: kind, baseURL: baseURL, apiVersion: apiVersion ?? provider?.apiVersion, apiKey: apiKey,
                    providerID: apiKey == nil ? provider?.id : nil, completion: completion ? true : nil, model: model)
                let result = try await api.testUnsavedProvider(body: .json(form)).ok.body.json
                return (provider.map { "unsaved settings of \($0.name) (\($0.id))" } ?? "unsaved \(kind) connection at \(baseURL)", result)
            }
            if client.json {
                printOut(try Table.json(result))
            } else {
                printTest(result, label: label)
            }
            if !result.success { throw ExitCode(2) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a custom connection.",
            discussion:
                "A connection that still has models is refused unless --cascade deletes them with it. Builtin connections cannot be deleted."
        )
        @Argument(help: "Connection id or name.") var connection: String
        @Flag(help: "Also delete the connection's models.") var cascade = false
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let provider = try await client.call { [connection, cascade] api in
                let provider = try await resolveProvider(api, connection)
                _ = try await api.deleteProvider(path: .init(id: provider.id), query: .init(cascade: cascade ? true : nil)).noContent
                return provider
            }
            if client.json { return printOut("{\"deleted\": true, \"id\": \(try jsonString(provider.id))}\n") }
            printOut("Deleted \(provider.name) (\(provider.id))\(cascade ? " and its models" : "").\n")
        }
    }
}

/// A limit option: a number, or `none` to remove the limit.
struct LimitValue: ExpressibleByArgument, Sendable {
    let patch: PatchValue<Int>

    init?(argument: String) {
        if argument.lowercased() == "none" {
            patch = .clear
        } else if let value = Int(argument) {
            patch = .set(value)
        } else {
            return nil
        }
    }
}

/// No connection has this id or name.
struct ProviderNotFound: Error, CustomStringConvertible {
    let name: String
    let known: [String]
    var description: String {
        "No provider connection has the id or name '\(name)'. Known: \(known.joined(separator: ", ")). `hangar providers list` shows them."
    }
}

/// Finds a connection by id, else by name (case-insensitive).
func resolveProvider(_ api: Client, _ name: String) async throws -> Provider {
    let providers = try await api.listProviders().ok.body.json.items
    if let match = providers.first(where: { $0.id == name }) { return match }
    if let match = providers.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return match }
    if let match = providers.first(where: { $0.id.caseInsensitiveCompare(name) == .orderedSame }) { return match }
    throw ProviderNotFound(name: name, known: providers.map(\.id))
}

func defaultBaseURL(_ kind: ProviderKind) -> String? {
    switch kind {
    case .mistral: "https://api.mistral.ai"
    case .openai: "https://api.openai.com"
    case .ollama: "http://localhost:11434"
    default: nil
    }
}

func keyLabel(_ provider: Provider) -> String {
    provider.kind == .local ? "–" : provider.apiKeyConfigured ? "•••••" : "not set"
}

func jsonString(_ text: String) throws -> String {
    String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
}

func printProvider(_ provider: Provider, json: Bool) {
    if json {
        printOut((try? Table.json(provider)) ?? "{}\n")
        return
    }
    var rows: [[String]] = [
        ["id", provider.id], ["name", provider.name], ["kind", provider.kind.rawValue],
        ["enabled", provider.enabled ? "yes" : "no"], ["base_url", provider.baseURL ?? "–"],
    ]
    if provider.kind == .azureOpenAI || provider.apiVersion != nil { rows.append(["api_version", provider.apiVersion ?? "–"]) }
    if provider.kind != .local {
        rows.append(["api_key", provider.apiKeyConfigured ? "configured (•••••)" : "not set"])
    }
    rows += [
        ["default_model", provider.defaultModelID ?? "–"],
        ["rpm_limit", provider.rpmLimit.map(String.init) ?? "–"], ["tpm_limit", provider.tpmLimit.map(String.init) ?? "–"],
        ["max_parallel", provider.maxParallel.map(String.init) ?? "–"], ["builtin", provider.isBuiltin ? "yes" : "no"],
    ]
    if let test = provider.lastTest {
        rows.append(["last_test", "\(test.success ? "passed" : "failed") at \(test.stage), \(test.testedAt)"])
    }
    printOut(Table.render(headers: ["FIELD", "VALUE"], rows: rows))
}

func printTest(_ result: ConnectionTestResult, label: String) {
    printOut("Connection test of \(label): \(result.success ? "passed" : "FAILED")\n")
    var rows: [[String]] = [
        ["stage", result.stage],
        ["latency", result.latencyMS.map { "\($0) ms" } ?? "–"],
        ["models_found", result.modelsFound.map(String.init) ?? "–"],
        ["server_version", result.serverVersion ?? "–"],
    ]
    if let model = result.modelTested { rows.append(["model_tested", model]) }
    if let code = result.errorCode { rows.append(["error_code", code]) }
    rows.append(["message", result.errorMessage ?? (result.success ? "The connection works." : "–")])
    printOut(Table.render(headers: ["FIELD", "VALUE"], rows: rows))
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
