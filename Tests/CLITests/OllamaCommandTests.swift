import Foundation
import HangarTesting
import Testing

/// `hangar ollama …` against a live server whose Ollama connection is the fake.
@Suite(.timeLimit(.minutes(2))) struct OllamaCommandTests {
    static func withOllama(
        _ body: @escaping @Sendable (_ url: String, _ ollama: FakeOllama, _ registry: FakeOllamaRegistry) async throws -> Void
    ) async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllama.withServer(catalog: catalog) { ollama in
            try await FakeOllamaRegistry.withServer(catalog: catalog) { registry in
                try await CLIFixture.withServer(.sqlite, configure: { $0.ollamaRegistry = registry.server.baseURL }) { url in
                    let created = try await CLIFixture.hangar(
                        ["providers", "create", "--kind", "ollama", "--name", "Lab GPU", "--base-url", ollama.server.baseURL], url: url)
                    try #require(created.status == 0, "\(created)")
                    try await body(url, ollama, registry)
                }
            }
        }
    }

    @Test func listPullCopyRemoveByServerName() async throws {
        try await Self.withOllama { url, ollama, _ in
            let listed = try await CLIFixture.hangar(["ollama", "ls", "Lab GPU"], url: url)
            #expect(listed.status == 0, "\(listed)")
            #expect(listed.stdout.contains("llama3.2:latest") && listed.stdout.contains("qwen2.5:0.5b"), "\(listed)")

            let pulled = try await CLIFixture.hangar(["ollama", "pull", "lab gpu", "mistral:7b"], url: url)
            #expect(pulled.status == 0, "\(pulled)")
            #expect(pulled.stderr.contains("100.0%"), "\(pulled)")
            #expect(pulled.stdout.contains("succeeded"))
            #expect(ollama.installedModel("mistral:7b") != nil)

            let copied = try await CLIFixture.hangar(["ollama", "cp", "Lab GPU", "mistral:7b", "me/mistral:prod"], url: url)
            #expect(copied.status == 0, "\(copied)")
            let json = try await CLIFixture.hangar(["ollama", "ls", "Lab GPU", "--json", "--refresh"], url: url)
            let names = ((try json.json() as? [String: Any])?["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(names.contains("me/mistral:prod"), "\(json)")

            let removed = try await CLIFixture.hangar(["ollama", "rm", "Lab GPU", "me/mistral:prod"], url: url)
            #expect(removed.status == 0, "\(removed)")
            #expect(ollama.installedModel("me/mistral:prod") == nil)
        }
    }

    @Test func errorsSayWhatToDo() async throws {
        try await Self.withOllama { url, ollama, _ in
            let before = ollama.server.requests.count
            let invalid = try await CLIFixture.hangar(["ollama", "pull", "Lab GPU", "my.ns/model"], url: url)
            #expect(invalid.status == 1)
            #expect(invalid.stderr.contains("invalid_model_name") && invalid.stderr.contains("namespace"), "\(invalid)")
            #expect(ollama.server.requests.count == before)
            let unknownServer = try await CLIFixture.hangar(["ollama", "ls", "nowhere"], url: url)
            #expect(unknownServer.status == 1)
            #expect(unknownServer.stderr.contains("Ollama servers:"), "\(unknownServer)")
            let failedPull = try await CLIFixture.hangar(["ollama", "pull", "Lab GPU", "no-such-model"], url: url)
            #expect(failedPull.status == 1)
            #expect(failedPull.stderr.contains("file does not exist"), "\(failedPull)")
            let missing = try await CLIFixture.hangar(["ollama", "show", "Lab GPU", "mistral:7b"], url: url)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("ollama_model_not_found"), "\(missing)")
        }
    }

    @Test func loadPsEjectAndUpdates() async throws {
        try await Self.withOllama { url, ollama, registry in
            let loaded = try await CLIFixture.hangar(["ollama", "load", "Lab GPU", "qwen2.5:0.5b", "--keep-alive", "10m"], url: url)
            #expect(loaded.status == 0, "\(loaded)")
            let running = try await CLIFixture.hangar(["ollama", "ps", "Lab GPU"], url: url)
            #expect(running.stdout.contains("qwen2.5:0.5b"), "\(running)")
            let ejected = try await CLIFixture.hangar(["ollama", "eject", "Lab GPU", "qwen2.5:0.5b", "--force"], url: url)
            #expect(ejected.status == 0, "\(ejected)")
            #expect(ejected.stdout.contains("gone from the running models"))
            #expect(ollama.loadedModels.isEmpty)

            _ = registry.publishUpdate(of: "qwen2.5:0.5b")
            let updates = try await CLIFixture.hangar(["ollama", "updates", "Lab GPU"], url: url)
            #expect(updates.status == 0, "\(updates)")
            let rows = updates.rows
            #expect(rows.contains { $0.hasPrefix("qwen2.5:0.5b") && $0.contains("update_available") }, "\(updates)")
            #expect(rows.contains { $0.hasPrefix("llama3.2:latest") && $0.contains("up_to_date") }, "\(updates)")
        }
    }
}
