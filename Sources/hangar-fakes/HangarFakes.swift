import ArgumentParser
import Foundation
import HangarTesting

/// The Swift fakes of `HangarTesting` as a process, for the end-to-end suite and the benches.
@main
struct HangarFakes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hangar-fakes",
        abstract: "Runs one of Hangar's fake upstreams on 127.0.0.1 until SIGTERM or SIGINT.",
        discussion: """
            Prints one line, "listening on http://127.0.0.1:PORT", once it accepts connections.
            Every fake answers with the real upstream's wire format, and is seeded and steered at run
            time under /_fake/ (JSON bodies and answers):
              GET  /_fake/requests          the requests received (control ones excepted), oldest first
              POST /_fake/delay {"ms"}      waits this long before every answer
              POST /_fake/reset             back to the state at launch
            and the routes each subcommand's help lists.
            """,
        subcommands: [Hub.self, Ollama.self, OpenAI.self, Azure.self])

    /// The control routes of every completion server (openai, azure, ollama).
    static let completionControls =
        "\n" + """
              POST /_fake/completions/stream {"pieces"?, "pause_ms"?, "fail_after"?}
                   the next streams: the text in this many pieces (default: one a
                   word), this pause between them, an error event after fail_after
              GET  /_fake/completions/streams[?ended=N]
                   [{"completed", "pieces_sent", "pieces_planned", "end"}], end one
                   of "completed", "failed", "client_disconnected", null (running);
                   with ended=N, once N streams have ended (waits up to 10 s)
              POST /_fake/completions/rate-limit {"count", "retry_after"?}
                   the next completions and embeddings answer 429 (Retry-After 1)
            A reset also forgets the stream steering and records.
            """

    struct Common: ParsableArguments {
        @Option(help: "The port to listen on; 0 takes a free one.")
        var port = 0
    }

    struct Hub: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A Hugging Face Hub: /{owner}/{repo}/resolve/{revision}/{path}, LFS files by a 302 to /cdn-lfs/.",
            discussion: """
                Control routes:
                  POST /_fake/hub/files {"repo", "path", "size", "revision"?, "gguf"?, "zeros"?, "bytes_per_second"?}
                       registers a file (a valid GGUF file when gguf is true; deterministic bytes, or
                       zeros); answers its sha256, size and commit
                  POST /_fake/hub/repos {"repo", "access": "open"|"gated"|"private", "token"?}
                A reset forgets every repository and file.
                """)
        @OptionGroup var common: Common

        func run() async throws {
            try await FakeHub.withControlledHub(port: common.port) { try await serve($0) }
        }
    }

    struct Ollama: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "An Ollama server, its registry (/v2/) and the ollama.com library (/search, /library/) on one port.",
            discussion: """
                qwen2.5:0.5b and llama3.2:latest are installed; the registry publishes llama3.2, qwen2.5,
                mistral, nomic-embed-text and smollm2 tags. Ollama's OpenAI compatibility
                answers under /v1/ (chat/completions, embeddings, models). Control routes:
                  POST /_fake/ollama/load {"model", "keep_alive_seconds"?}
                  POST /_fake/ollama/ignore-unloads {"count"}
                  POST /_fake/ollama/pull-behaviour {"bytes_per_second"?, "pause_ms"?, "steps"?, "fail_after_lines"?}
                  POST /_fake/ollama/publish-update {"model"}     answers the new digest
                  POST /_fake/ollama/models {"name", "layers": [bytes...], "context_length"?, "install"?}
                  POST /_fake/ollama/library {"down"}
                  GET  /_fake/ollama/pulls       each pull's lines and their CLOCK_MONOTONIC times (ns)
                  GET  /_fake/ollama/blobs       blobs held (digest → size) and each upload (digest, bytes, accepted)
                """ + HangarFakes.completionControls)
        @OptionGroup var common: Common

        func run() async throws {
            try await FakeOllamaWorld.withWorld(port: common.port) { try await serve($0) }
        }
    }

    struct OpenAI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openai",
            abstract:
                "The OpenAI API (Mistral, OpenAI-compatible servers): GET /v1/models, POST /v1/chat/completions, POST /v1/embeddings.",
            discussion: """
                Chat completions stream as server-sent events with "stream": true.
                Embeddings: 8 deterministic numbers an input, for any listed model
                (base64 with "encoding_format": "base64"). Control routes:
                  POST /_fake/openai/rate-limit {"count", "retry_after"?}
                       the same as /_fake/completions/rate-limit
                """ + HangarFakes.completionControls)
        @OptionGroup var common: Common

        @Option(help: "The API key it requires as a Bearer token; without one, any key or none is accepted.")
        var key: String?

        @Option(name: .customLong("model"), help: "A model GET /v1/models lists (repeatable).")
        var models: [String] = ["gpt-4o", "gpt-4o-mini"]

        @Flag(help: "Completes for models it does not list too, as gateways with wildcard routes do.")
        var anyModel = false

        @Option(
            help: ArgumentHelp(
                "Answers \"You said: <last user message>\" with this usage instead of the fixed sentence.",
                valueName: "prompt-tokens:completion-tokens"))
        var echo: String?

        func validate() throws {
            if let echo, Self.usage(echo) == nil { throw ValidationError("--echo takes two counts, such as 12:8") }
        }

        static func usage(_ text: String) -> (Int, Int)? {
            let parts = text.split(separator: ":").compactMap { Int($0) }
            return parts.count == 2 && parts.allSatisfy { $0 >= 0 } ? (parts[0], parts[1]) : nil
        }

        func run() async throws {
            let style = echo.flatMap(Self.usage).map { FakeCompletions.ReplyStyle.echo(promptTokens: $0.0, completionTokens: $0.1) }
            try await FakeOpenAI.withControlledServer(
                port: common.port, apiKey: key, models: models, acceptsAnyModel: anyModel, replyStyle: style ?? .sentence
            ) { try await serve($0) }
        }
    }

    struct Azure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Azure OpenAI: POST /openai/deployments/{deployment}/chat/completions and /embeddings, GET /openai/models.",
            discussion: """
                The base URL plays the resource endpoint. Every call needs the api-key
                header and an api-version query parameter. Chat deployments answer as
                gpt-4o-2024-08-06 (streamed with "stream": true), embeddings as
                text-embedding-3-small. Control routes:
                """ + HangarFakes.completionControls)
        @OptionGroup var common: Common

        @Option(help: "The key the api-key header must carry.")
        var key = FakeAzureOpenAI.defaultKey

        @Option(name: .customLong("deployment"), help: "A deployment that answers (repeatable).")
        var deployments: [String] = ["chat"]

        func run() async throws {
            try await FakeAzureOpenAI.withControlledServer(port: common.port, apiKey: key, deployments: deployments) {
                try await serve($0)
            }
        }
    }
}

/// Announces the URL and serves until SIGTERM or SIGINT, which end the process with status 0.
func serve(_ url: String) async throws {
    let signals = [SIGTERM, SIGINT].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { exit(0) }
        source.resume()
        return source
    }
    // Unbuffered: the line reaches a pipe at once, whoever reads it.
    FileHandle.standardOutput.write(Data("listening on \(url)\n".utf8))
    while !Task.isCancelled {
        try await Task.sleep(for: .seconds(3600))
    }
    for source in signals { source.cancel() }
}
