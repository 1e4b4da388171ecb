import ArgumentParser
import HangarClient
import HangarCore
import HangarOpenAPI

struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The model catalog.",
        subcommands: [
            List.self, Show.self, Create.self, Test.self, Deprecate.self, Restore.self, SetDefault.self, Delete.self, Deploy.self,
            Start.self, Stop.self, Runtime.self,
        ])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List models, every page of them.")

        @Option(help: "Only models of this provider connection id.") var provider: String?
        @Option(help: "active or deprecated.") var status: String?
        @Option(help: "hosted, local, or a provider kind (mistral, ollama, …).") var kind: String?
        @Option(help: "Case-insensitive text in the name, API name or Hugging Face file.") var text: String?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let statusFilter = try status.map { value in
                guard let parsed = Components.Schemas.ModelStatus(rawValue: value) else {
                    throw ValidationError("--status must be active or deprecated")
                }
                return parsed
            }
            let kindFilter = try kind.map { value in
                guard let parsed = Components.Schemas.ModelKindFilter(rawValue: value) else {
                    throw ValidationError("--kind must be hosted, local, mistral, openai, azure-openai, ollama or openai-compatible")
                }
                return parsed
            }
            let models = try await client.call { [provider, text] api in
                var all: [CatalogModel] = []
                var cursor: String?
                repeat {
                    let page = try await api.listModels(
                        query: .init(
                            provider: provider, kind: kindFilter, status: statusFilter, text: text, limit: 500, cursor: cursor
                        )
                    ).ok.body.json
                    all += page.items
                    cursor = page.nextCursor
                } while cursor != nil
                return all
            }
            if client.json { return printOut(try Table.json(models)) }
            printOut(
                Table.render(
                    headers: ["ID", "NAME", "TYPE", "PROVIDER", "API NAME", "STATUS", "DEFAULT"],
                    rows: models.map { model in
                        [
                            model.id, model.name, model.kind.rawValue, model.providerID, model.apiName, model.status.rawValue,
                            model.isDefault ? "yes" : "",
                        ]
                    }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one model.")
        @Argument(help: "Model id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let model = try await client.call { [id] api in try await api.getModel(path: .init(id: id)).ok.body.json }
            printModel(model, json: client.json)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a custom model.")
        @Option(help: "Provider connection id (mistral, ollama, local, …).") var provider: String
        @Option(help: "Display name, 1–64 characters.") var name: String
        @Option(help: "Name used in API calls, 1–128 characters.") var apiName: String
        @Option(help: "Context window in tokens (1,024–2,000,000; default 32,000).") var contextWindow: Int?
        @Option(help: "Max output tokens (256–128,000; default 4,096).") var maxOutputTokens: Int?
        @Option(help: "Default temperature, 0–2 (default 0.7).") var temperature: Double?
        @Option(help: "USD per million input tokens.") var costInput: Double?
        @Option(help: "USD per million output tokens.") var costOutput: Double?
        @Option(help: "Hugging Face repository owner/name (local models).") var hfRepo: String?
        @Option(help: "Repository revision (local models, default main).") var hfRevision: String?
        @Option(help: "GGUF file in the repository (local models).") var modelFile: String?
        @Flag(help: "Read a Hugging Face token from stdin (local models; gated or private repositories).") var hfTokenStdin = false
        @Flag(help: "Start downloading the file right away (local models).") var downloadNow = false
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let draft = ModelDraft(
                providerID: provider, name: name, apiName: apiName, contextWindow: contextWindow,
                maxOutputTokens: maxOutputTokens, temperatureDefault: temperature, costInputPerMillion: costInput,
                costOutputPerMillion: costOutput, hfRepo: hfRepo, hfRevision: hfRevision, modelFile: modelFile,
                hfToken: hfTokenStdin
                    ? try readSecret(
                        prompt: "Hugging Face token: ", noun: "Hugging Face token",
                        example: "`hangar models create … --hf-token-stdin < token.txt`")
                    : nil,
                downloadNow: downloadNow ? true : nil)
            let model = try await client.call { api in try await api.createModel(body: .json(draft)).created.body.json }
            printModel(model, json: client.json)
        }
    }

    struct Deprecate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deprecate a model, optionally naming its replacement.")
        @Argument(help: "Model id.") var id: String
        @Option(help: "Id of the active model that replaces it.") var replacement: String?
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let model = try await client.call { [id, replacement] api in
                try await api.deprecateModel(path: .init(id: id), body: .json(DeprecateRequest(replacementModelID: replacement))).ok.body
                    .json
            }
            printModel(model, json: client.json)
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a deprecated model active again.")
        @Argument(help: "Model id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let model = try await client.call { [id] api in try await api.restoreModel(path: .init(id: id)).ok.body.json }
            printModel(model, json: client.json)
        }
    }

    struct SetDefault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-default", abstract: "Make a model the default of its provider.")
        @Argument(help: "Model id.") var id: String
        @OptionGroup var client: ClientOptions

        func run() async throws {
            let model = try await client.call { [id] api in try await api.setDefaultModel(path: .init(id: id)).ok.body.json }
            printModel(model, json: client.json)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a custom model.")
        @Argument(help: "Model id.") var id: String
        @Flag(help: "Also remove a local model's downloaded file (and partial file).") var deleteLocalFile = false
        @OptionGroup var client: ClientOptions

        func run() async throws {
            _ = try await client.call { [id, deleteLocalFile] api in
                try await api.deleteModel(path: .init(id: id), query: .init(deleteLocalFile: deleteLocalFile ? true : nil)).noContent
            }
            if client.json { return printOut("{\"deleted\": true}\n") }
            printOut("Deleted \(id).\n")
        }
    }
}

func printModel(_ model: CatalogModel, json: Bool) {
    if json {
        printOut((try? Table.json(model)) ?? "{}\n")
        return
    }
    var rows: [[String]] = [
        ["id", model.id], ["name", model.name], ["type", model.kind.rawValue], ["provider", model.providerID],
        ["api_name", model.apiName], ["status", model.status.rawValue], ["default", model.isDefault ? "yes" : "no"],
        ["context_window", String(model.contextWindow)], ["max_output_tokens", String(model.maxOutputTokens)],
        ["temperature_default", String(model.temperatureDefault)],
    ]
    if let replacement = model.replacementModelID { rows.append(["replacement", replacement]) }
    if let repo = model.hfRepo { rows.append(["hf_repo", repo]) }
    if let file = model.modelFile { rows.append(["model_file", file]) }
    if let status = model.downloadStatus { rows.append(["download_status", status.rawValue]) }
    if let error = model.downloadError { rows.append(["download_error", error]) }
    if let path = model.localPath { rows.append(["local_path", path]) }
    if let size = model.fileSizeBytes { rows.append(["file_size", ProgressBar.bytes(size)]) }
    if let checksum = model.checksum { rows.append(["sha256", checksum]) }
    if let gguf = model.gguf {
        let summary = [gguf.architecture, gguf.quantization, gguf.contextLength.map { "ctx \($0)" }].compactMap { $0 }
        rows.append(["gguf", summary.joined(separator: ", ")])
    }
    if let configured = model.hfTokenConfigured { rows.append(["hf_token", configured ? "set" : "none"]) }
    printOut(Table.render(headers: ["FIELD", "VALUE"], rows: rows))
}
