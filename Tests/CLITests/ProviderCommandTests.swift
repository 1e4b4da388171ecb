import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar providers create|edit|set-key|test|delete` against a live server (and
/// HangarTesting's fake OpenAI upstream for the tests). Keys go in through stdin and never
/// come out.
@Suite struct ProviderCommandTests {
    typealias Fixture = CLIFixture
    static let key = "sk-cli-test-0123456789abcdef"

    func provider(_ name: String, url: String) async throws -> [String: Any] {
        let shown = try await Fixture.hangar(["providers", "show", name, "--json"], url: url)
        #expect(shown.status == 0, "\(shown)")
        return try #require(try shown.json() as? [String: Any], "\(shown)")
    }

    @Test(arguments: TestDatabases.engines)
    func createEditAndDelete(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let created = try await Fixture.hangar(
                [
                    "providers", "create", "Team OpenAI", "--kind", "openai-compatible", "--base-url", "https://llm.example.com",
                    "--api-key-stdin", "--rpm-limit", "60", "--json",
                ], url: url, stdin: Self.key + "\n")
            #expect(created.status == 0, "\(created)")
            #expect(!created.stdout.contains(Self.key) && !created.stderr.contains(Self.key))
            let json = try #require(try created.json() as? [String: Any], "\(created)")
            let id = try #require(json["id"] as? String)
            #expect(UUID(uuidString: id) != nil, "ids are UUIDs: \(id)")
            #expect(json["api_key_configured"] as? Bool == true)
            #expect(json["kind"] as? String == "openai-compatible")
            #expect(json["rpm_limit"] as? Int == 60)
            #expect(json["enabled"] as? Bool == true)
            #expect(json["is_builtin"] as? Bool == false)

            // Table output, and a default base URL for a well-known kind.
            let table = try await Fixture.hangar(
                ["providers", "create", "--kind", "mistral", "--name", "Second Mistral", "--disabled"], url: url)
            #expect(table.status == 0, "\(table)")
            #expect(table.stdout.contains("FIELD") && table.stdout.contains("https://api.mistral.ai"), "\(table)")
            #expect(table.stdout.contains("not set"), "\(table)")

            let list = try await Fixture.hangar(["providers", "list"], url: url)
            #expect(list.rows.count == 7, "\(list)")
            #expect(list.stdout.contains("Team OpenAI") && list.stdout.contains("•••••"), "\(list)")

            // NAME is the id or the name, case-insensitive.
            let edited = try await Fixture.hangar(
                [
                    "providers", "edit", "team openai", "--name", "Team LLM", "--disable", "--rpm-limit", "none", "--max-parallel", "4",
                    "--json",
                ], url: url)
            #expect(edited.status == 0, "\(edited)")
            let after = try #require(try edited.json() as? [String: Any])
            #expect(after["id"] as? String == id)
            #expect(after["name"] as? String == "Team LLM")
            #expect(after["enabled"] as? Bool == false)
            #expect(after["rpm_limit"] is NSNull)
            #expect(after["max_parallel"] as? Int == 4)
            #expect(after["api_key_configured"] as? Bool == true, "editing other fields keeps the key")
            let enabled = try await Fixture.hangar(["providers", "edit", id, "--enable"], url: url)
            #expect(enabled.status == 0, "\(enabled)")
            #expect(try await provider("TEAM LLM", url: url)["enabled"] as? Bool == true)

            let nothing = try await Fixture.hangar(["providers", "edit", id], url: url)
            #expect(nothing.status != 0, "\(nothing)")
            let unknown = try await Fixture.hangar(["providers", "edit", "no such connection", "--disable"], url: url)
            #expect(unknown.status != 0, "\(unknown)")
            #expect(unknown.stderr.contains("no such connection"), "\(unknown)")

            let duplicate = try await Fixture.hangar(["providers", "create", "--kind", "openai", "--name", "team llm"], url: url)
            #expect(duplicate.status != 0, "\(duplicate)")
            #expect(duplicate.stderr.contains("409") && duplicate.stderr.contains("duplicate_name"), "\(duplicate)")
            let badURL = try await Fixture.hangar(
                ["providers", "create", "--kind", "openai", "--name", "Bad", "--base-url", "ftp://x"], url: url)
            #expect(badURL.status != 0, "\(badURL)")
            #expect(badURL.stderr.contains("base_url"), "\(badURL)")
            let noURL = try await Fixture.hangar(["providers", "create", "--kind", "azure-openai", "--name", "Azure 2"], url: url)
            #expect(noURL.status != 0, "\(noURL)")
            let badKind = try await Fixture.hangar(
                ["providers", "create", "--kind", "local", "--name", "L2", "--base-url", "http://x"], url: url)
            #expect(badKind.status != 0, "\(badKind)")

            // A connection with models needs --cascade; builtin connections cannot go.
            let model = try await Fixture.hangar(
                [
                    "models", "create", "--provider", id, "--name", "Team Model", "--api-name", "team-model", "--json",
                ], url: url)
            #expect(model.status == 0, "\(model)")
            let refused = try await Fixture.hangar(["providers", "delete", "Team LLM"], url: url)
            #expect(refused.status != 0, "\(refused)")
            #expect(refused.stderr.contains("provider_has_models") && refused.stderr.contains("--cascade"), "\(refused)")
            let cascade = try await Fixture.hangar(["providers", "delete", "Team LLM", "--cascade"], url: url)
            #expect(cascade.status == 0, "\(cascade)")
            #expect(cascade.stdout.contains("Deleted Team LLM"), "\(cascade)")
            let models = try await Fixture.hangar(["models", "list", "--text", "team-model", "--json"], url: url)
            #expect((try models.json() as? [Any])?.isEmpty == true, "\(models)")

            let plain = try await Fixture.hangar(["providers", "delete", "second mistral", "--json"], url: url)
            #expect(plain.status == 0, "\(plain)")
            #expect((try plain.json() as? [String: Any])?["deleted"] as? Bool == true, "\(plain)")
            let builtin = try await Fixture.hangar(["providers", "delete", "mistral"], url: url)
            #expect(builtin.status != 0, "\(builtin)")
            #expect(builtin.stderr.contains("builtin"), "\(builtin)")
            #expect(try await Fixture.hangar(["providers", "list"], url: url).rows.count == 5)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func setKeyFromStdinAndClear(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            #expect(try await provider("openai", url: url)["api_key_configured"] as? Bool == false)
            let set = try await Fixture.hangar(["providers", "set-key", "OpenAI"], url: url, stdin: Self.key + "\r\n")
            #expect(set.status == 0, "\(set)")
            #expect(set.stdout.contains("Stored the API key of OpenAI"), "\(set)")
            #expect(!set.stdout.contains(Self.key) && !set.stderr.contains(Self.key))
            let shown = try await Fixture.hangar(["providers", "show", "openai"], url: url)
            #expect(shown.stdout.contains("configured"), "\(shown)")
            #expect(!shown.stdout.contains(Self.key))
            let json = try await Fixture.hangar(["providers", "list", "--json"], url: url)
            #expect(!json.stdout.contains(Self.key))
            #expect(!json.stdout.contains("\"api_key\""), "only api_key_configured is shown")

            let rotated = try await Fixture.hangar(["providers", "set-key", "openai", "--json"], url: url, stdin: "sk-rotated-key")
            #expect(rotated.status == 0, "\(rotated)")
            #expect((try rotated.json() as? [String: Any])?["api_key_configured"] as? Bool == true)
            #expect(!rotated.stdout.contains("sk-rotated-key"))

            let empty = try await Fixture.hangar(["providers", "set-key", "openai"], url: url, stdin: "")
            #expect(empty.status != 0, "\(empty)")
            #expect(empty.stderr.contains("stdin"), "\(empty)")
            let spaced = try await Fixture.hangar(["providers", "set-key", "openai"], url: url, stdin: "sk-with a-space")
            #expect(spaced.status != 0, "\(spaced)")
            #expect(!spaced.stderr.contains("sk-with") && !spaced.stdout.contains("sk-with"), "\(spaced)")
            let argument = try await Fixture.hangar(["providers", "set-key", "openai", "sk-on-the-command-line"], url: url)
            #expect(argument.status != 0, "a key is never accepted as an argument: \(argument)")

            let cleared = try await Fixture.hangar(["providers", "set-key", "openai", "--clear"], url: url)
            #expect(cleared.status == 0, "\(cleared)")
            #expect(cleared.stdout.contains("Cleared"), "\(cleared)")
            #expect(try await provider("openai", url: url)["api_key_configured"] as? Bool == false)
        }
    }

    @Test func connectionTests() async throws {
        try await FakeOpenAI.withServer(apiKey: Self.key, models: ["fake-model"]) { fake in
            try await withClosedPort { closedPort in
                let upstream = fake.server.baseURL
                try await Fixture.withServer(.sqlite) { url in
                    let created = try await Fixture.hangar(
                        [
                            "providers", "create", "Fake", "--kind", "openai-compatible", "--base-url", upstream, "--api-key-stdin",
                            "--json",
                        ], url: url, stdin: Self.key)
                    #expect(created.status == 0, "\(created)")

                    let passed = try await Fixture.hangar(["providers", "test", "fake"], url: url)
                    #expect(passed.status == 0, "\(passed)")
                    #expect(passed.stdout.contains("passed"), "\(passed)")
                    #expect(passed.stdout.contains("model_listing"), "\(passed)")
                    #expect(passed.stdout.contains(" ms"), "\(passed)")
                    #expect(passed.rows.contains { $0.hasPrefix("models_found") && $0.hasSuffix(" 1") }, "\(passed)")
                    #expect(!passed.stdout.contains(Self.key))
                    let stored = try await provider("Fake", url: url)
                    let lastTest = try #require(stored["last_test"] as? [String: Any], "\(stored)")
                    #expect(lastTest["success"] as? Bool == true)

                    // A wrong key: the test runs, fails at authentication, exit status 2.
                    let rotated = try await Fixture.hangar(["providers", "set-key", "Fake"], url: url, stdin: "sk-wrong-key")
                    #expect(rotated.status == 0, "\(rotated)")
                    let denied = try await Fixture.hangar(["providers", "test", "Fake", "--json"], url: url)
                    #expect(denied.status == 2, "\(denied)")
                    let deniedJSON = try #require(try denied.json() as? [String: Any], "\(denied)")
                    #expect(deniedJSON["success"] as? Bool == false)
                    #expect(deniedJSON["stage"] as? String == "authentication")
                    #expect(deniedJSON["error_code"] as? String == "unauthorized")
                    #expect(!denied.stdout.contains("sk-wrong-key"))
                    let deniedTable = try await Fixture.hangar(["providers", "test", "Fake"], url: url)
                    #expect(deniedTable.status == 2, "\(deniedTable)")
                    #expect(deniedTable.stdout.contains("FAILED") && deniedTable.stdout.contains("unauthorized"), "\(deniedTable)")

                    // Unsaved settings: the right key from stdin, or the stored key with provider_id.
                    let unsaved = try await Fixture.hangar(
                        [
                            "providers", "test", "--kind", "openai", "--base-url", upstream, "--api-key-stdin", "--json",
                        ], url: url, stdin: Self.key)
                    #expect(unsaved.status == 0, "\(unsaved)")
                    #expect((try unsaved.json() as? [String: Any])?["models_found"] as? Int == 1, "\(unsaved)")
                    let storedKey = try await Fixture.hangar(["providers", "test", "Fake", "--base-url", upstream + "/"], url: url)
                    #expect(storedKey.status == 2, "the stored (wrong) key is used: \(storedKey)")
                    let overridden = try await Fixture.hangar(["providers", "test", "Fake", "--api-key-stdin"], url: url, stdin: Self.key)
                    #expect(overridden.status == 0, "\(overridden)")

                    // Nothing listens on a closed port: refused at reachability.
                    let closed = try await Fixture.hangar(
                        ["providers", "test", "--kind", "openai-compatible", "--base-url", "http://127.0.0.1:\(closedPort)"], url: url)
                    #expect(closed.status == 2, "\(closed)")
                    #expect(closed.stdout.contains("reachability") && closed.stdout.contains("refused"), "\(closed)")

                    let local = try await Fixture.hangar(["providers", "test", "local"], url: url)
                    #expect(local.status == 1, "\(local)")
                    #expect(local.stderr.contains("409"), "\(local)")
                    let missing = try await Fixture.hangar(["providers", "test"], url: url)
                    #expect(missing.status != 0 && missing.status != 2, "\(missing)")
                }
            }
        }
    }
}
