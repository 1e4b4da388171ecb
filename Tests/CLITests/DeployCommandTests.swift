import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar models deploy ID --to SERVER…`, then `models start|stop|runtime`, against a live server, the fake Hub and a fake Ollama.
@Suite(.timeLimit(.minutes(3))) struct DeployCommandTests {
    typealias Fixture = CLIFixture

    @Test func deployFollowsEachServersJob() async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/tiny-GGUF", path: "Tiny-Q4_0.gguf", bytes: GGUFBuilder.model().build(tensorData: 64 << 10))
            try await FakeOllama.withServer { ollama in
                try await Fixture.withServer(.sqlite, hubEndpoint: hub.hubURL) { url in
                    let created = try await Fixture.hangar(
                        [
                            "models", "create", "--provider", "local", "--name", "Tiny", "--api-name", "tiny", "--hf-repo",
                            "acme/tiny-GGUF",
                            "--model-file", "Tiny-Q4_0.gguf", "--json",
                        ], url: url)
                    let id = try #require((try created.json() as? [String: Any])?["id"] as? String, "\(created)")
                    #expect(try await Fixture.hangar(["download", id], url: url).status == 0)
                    let server = try await Fixture.hangar(
                        ["providers", "create", "--kind", "ollama", "--name", "Lab GPU", "--base-url", ollama.baseURL], url: url)
                    #expect(server.status == 0, "\(server)")
                    let deployed = try await Fixture.hangar(["models", "deploy", id, "--to", "Lab GPU", "--system", "Be brief."], url: url)
                    #expect(deployed.status == 0 && deployed.stdout.contains("succeeded"), "\(deployed)")
                    #expect(ollama.models.contains("tiny-q4_0:latest") && ollama.blobUploads.count == 1)
                    let again = try await Fixture.hangar(["models", "deploy", id, "--to", "Lab GPU"], url: url)
                    #expect(again.status == 0 && ollama.blobUploads.count == 1, "the blob is there: nothing sent again")
                    let unknown = try await Fixture.hangar(["models", "deploy", id, "--to", "nowhere"], url: url)
                    #expect(unknown.status != 0 && unknown.stderr.contains("No connection named"), "\(unknown)")

                    let started = try await Fixture.hangar(["models", "start", id, "--on", "Lab GPU", "--keep-alive", "10m"], url: url)
                    #expect(started.status == 0 && started.stdout.contains("running"), "\(started)")
                    #expect(ollama.loadedModels == ["tiny-q4_0:latest"])
                    let status = try await Fixture.hangar(["models", "runtime", id, "--json"], url: url)
                    let servers = (try status.json() as? [String: Any])?["servers"] as? [[String: Any]]
                    #expect(servers?.first?["status"] as? String == "running", "\(status)")
                    let stopped = try await Fixture.hangar(["models", "stop", id, "--force"], url: url)
                    #expect(stopped.status == 0 && stopped.stdout.contains("stopped"), "\(stopped)")
                    #expect(ollama.loadedModels.isEmpty)
                    let hosted = try await Fixture.hangar(["models", "start", "mistral-mistral-small-latest"], url: url)
                    #expect(hosted.status != 0 && hosted.stderr.contains("not served by Ollama"), "\(hosted)")
                }
            }
        }
    }
}
