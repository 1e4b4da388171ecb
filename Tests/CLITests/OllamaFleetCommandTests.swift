import Foundation
import HangarTesting
import Testing

/// `hangar ollama desired|drift|reconcile|fleet` against a live server with two fake servers.
@Suite(.timeLimit(.minutes(3))) struct OllamaFleetCommandTests {
    static func withFleet(
        _ body: @escaping @Sendable (_ url: String, _ first: FakeOllama, _ second: FakeOllama) async throws -> Void
    ) async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllama.withServer(models: ["llama3.2:latest"], catalog: catalog) { first in
            try await FakeOllama.withServer(models: ["mistral:latest"], catalog: catalog) { second in
                try await CLIFixture.withServer(.sqlite) { url in
                    for (name, fake) in [("GPU A", first), ("GPU B", second)] {
                        let created = try await CLIFixture.hangar(
                            ["providers", "create", "--kind", "ollama", "--name", name, "--base-url", fake.server.baseURL], url: url)
                        try #require(created.status == 0, "\(created)")
                    }
                    try await body(url, first, second)
                }
            }
        }
    }

    static func line(_ result: CLIFixture.Result, _ server: String) -> String {
        result.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(server) } ?? ""
    }

    @Test func pinDriftAndReconcile() async throws {
        try await Self.withFleet { url, _, second in
            let pinned = try await CLIFixture.hangar(["ollama", "desired", "llama3.2", "--on", "GPU A", "gpu b"], url: url)
            #expect(pinned.status == 0 && pinned.stdout.contains("llama3.2:latest is pinned to"), "\(pinned)")
            let listed = try await CLIFixture.hangar(["ollama", "desired"], url: url)
            #expect(listed.rows.first?.hasPrefix("llama3.2:latest") == true, "\(listed)")

            var drift = try await CLIFixture.hangar(["ollama", "drift"], url: url)
            #expect(drift.status == 0, "\(drift)")
            #expect(Self.line(drift, "GPU A").contains("in desired state"), "\(drift)")
            let b = Self.line(drift, "GPU B")
            #expect(b.contains("drifted") && b.contains("llama3.2:latest") && b.contains("mistral:latest"), "\(drift)")
            let json = try await CLIFixture.hangar(["ollama", "drift", "--json"], url: url)
            #expect(((try json.json() as? [String: Any])?["servers"] as? [Any])?.isEmpty == false, "\(json)")

            let reconciled = try await CLIFixture.hangar(
                ["ollama", "reconcile", "--on", "GPU B", "--delete-unexpected", "--wait"], url: url)
            #expect(reconciled.status == 0, "\(reconciled)")
            #expect(reconciled.stdout.contains("pull") && reconciled.stdout.contains("delete"), "\(reconciled)")
            #expect(second.models == ["llama3.2:latest"])
            drift = try await CLIFixture.hangar(["ollama", "drift"], url: url)
            #expect(Self.line(drift, "GPU B").contains("in desired state"), "\(drift)")

            let cleared = try await CLIFixture.hangar(["ollama", "desired", "llama3.2", "--clear"], url: url)
            #expect(cleared.status == 0 && cleared.stdout.contains("no longer pinned"), "\(cleared)")
            let both = try await CLIFixture.hangar(["ollama", "desired", "llama3.2"], url: url)
            #expect(both.status != 0 && both.stderr.contains("--on"), "\(both)")
        }
    }

    @Test func fleetPullUpdateDelete() async throws {
        try await Self.withFleet { url, first, second in
            let pulled = try await CLIFixture.hangar(
                ["ollama", "fleet", "pull", "qwen2.5:0.5b", "--on", "GPU A", "GPU B", "--wait"], url: url)
            #expect(pulled.status == 0, "\(pulled)")
            #expect(first.installedModel("qwen2.5:0.5b") != nil && second.installedModel("qwen2.5:0.5b") != nil)

            let updated = try await CLIFixture.hangar(
                ["ollama", "fleet", "update", "mistral", "--on", "GPU A", "GPU B", "--json", "--wait"], url: url)
            #expect(updated.status == 0, "\(updated)")
            let lines = (try updated.json() as? [String: Any])?["servers"] as? [[String: Any]] ?? []
            #expect(lines.compactMap { $0["status"] as? String } == ["skipped", "queued"], "\(updated)")

            let deleted = try await CLIFixture.hangar(["ollama", "fleet", "delete", "llama3.2", "--on", "GPU A", "GPU B"], url: url)
            #expect(deleted.status == 1, "GPU B has no llama3.2: \(deleted)")
            #expect(deleted.stdout.contains("done") && deleted.stdout.contains("ollama_model_not_found"), "\(deleted)")
            #expect(first.installedModel("llama3.2:latest") == nil)

            let invalid = try await CLIFixture.hangar(["ollama", "fleet", "pull", "my.ns/model", "--on", "GPU A"], url: url)
            #expect(invalid.status == 1 && invalid.stderr.contains("invalid_model_name"), "\(invalid)")
        }
    }
}
