import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar providers …` and `hangar models …` against a live server: tables by default,
/// `--json` that parses, and a non-zero exit code on every error.
@Suite struct CLITests {
    typealias Fixture = CLIFixture

    @Test(arguments: TestDatabases.engines)
    func providersList(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let table = try await Fixture.hangar(["providers", "list"], url: url)
            #expect(table.status == 0, "\(table)")
            let header = try #require(table.stdout.split(separator: "\n").first)
            #expect(header.hasPrefix("ID"))
            #expect(header.contains("KIND") && header.contains("NAME") && header.contains("DEFAULT MODEL"))
            #expect(
                table.rows.map { String($0.split(separator: " ").first ?? "") } == ["mistral", "ollama", "openai", "azure-openai", "local"])

            let json = try await Fixture.hangar(["providers", "list", "--json"], url: url)
            #expect(json.status == 0, "\(json)")
            let providers = try #require(try json.json() as? [[String: Any]])
            #expect(providers.map { $0["id"] as? String } == ["mistral", "ollama", "openai", "azure-openai", "local"])
            #expect(providers.first?["default_model_id"] as? String == "mistral-mistral-small-latest")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func modelsListWithFilters(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let table = try await Fixture.hangar(["models", "list"], url: url)
            #expect(table.status == 0, "\(table)")
            #expect(table.stdout.split(separator: "\n").first?.hasPrefix("ID") == true)
            #expect(table.rows.count == 17, "\(table)")
            #expect(table.stdout.contains("local-qwen3-0.6b-q4_0"))

            func ids(_ extra: [String]) async throws -> [String] {
                let result = try await Fixture.hangar(["models", "list", "--json"] + extra, url: url)
                #expect(result.status == 0, "\(result)")
                let models = try #require(try result.json() as? [[String: Any]], "\(result)")
                return models.compactMap { $0["id"] as? String }
            }
            #expect(try await ids([]).count == 17)
            let mistral = try await ids(["--provider", "mistral"])
            #expect(mistral.count == 7)
            #expect(mistral.allSatisfy { $0.hasPrefix("mistral-") })
            #expect(try await ids(["--status", "deprecated"]).isEmpty)
            #expect(try await ids(["--status", "active", "--provider", "ollama"]).count == 9)
            #expect(try await ids(["--kind", "local"]) == ["local-qwen3-0.6b-q4_0"])
            #expect(try await ids(["--text", "CODESTRAL"]) == ["mistral-codestral-latest"])

            let filteredTable = try await Fixture.hangar(["models", "list", "--provider", "ollama"], url: url)
            #expect(filteredTable.rows.count == 9, "\(filteredTable)")
            let bad = try await Fixture.hangar(["models", "list", "--status", "retired"], url: url)
            #expect(bad.status != 0, "\(bad)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func modelsCreateAndDeprecate(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let created = try await Fixture.hangar(
                [
                    "models", "create", "--provider", "openai", "--name", "CLI Model", "--api-name", "cli-model",
                    "--context-window", "8192", "--temperature", "0.2", "--json",
                ], url: url)
            #expect(created.status == 0, "\(created)")
            let model = try #require(try created.json() as? [String: Any], "\(created)")
            let id = try #require(model["id"] as? String)
            #expect(model["context_window"] as? Int == 8192)
            #expect(model["temperature_default"] as? Double == 0.2)
            #expect(model["is_builtin"] as? Bool == false)

            let table = try await Fixture.hangar(
                [
                    "models", "create", "--provider", "ollama", "--name", "Table Model", "--api-name", "table-model",
                ], url: url)
            #expect(table.status == 0, "\(table)")
            #expect(table.stdout.contains("Table Model"))
            #expect(table.stdout.contains("FIELD"))

            let deprecated = try await Fixture.hangar(["models", "deprecate", id], url: url)
            #expect(deprecated.status == 0, "\(deprecated)")
            #expect(deprecated.stdout.contains("deprecated"))
            let list = try await Fixture.hangar(["models", "list", "--status", "deprecated", "--json"], url: url)
            let ids = try #require(try list.json() as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(ids == [id])
            #expect(try await Fixture.hangar(["models", "list"], url: url).rows.count == 19)

            let withReplacement = try await Fixture.hangar(
                ["models", "deprecate", "ollama-phi3", "--replacement", "ollama-gemma2", "--json"], url: url)
            #expect(withReplacement.status == 0, "\(withReplacement)")
            let phi = try #require(try withReplacement.json() as? [String: Any])
            #expect(phi["replacement_model_id"] as? String == "ollama-gemma2")
            #expect(phi["status"] as? String == "deprecated")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func errorsExitNonZero(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let unknown = try await Fixture.hangar(["models", "deprecate", "no-such-model"], url: url)
            #expect(unknown.status != 0, "\(unknown)")
            #expect(unknown.stderr.contains("404") || unknown.stderr.contains("model_not_found"), "\(unknown)")
            #expect(unknown.stdout.isEmpty)

            let wrongToken = try await Fixture.hangar(["models", "list"], url: url, token: "wrong")
            #expect(wrongToken.status != 0, "\(wrongToken)")
            #expect(wrongToken.stderr.contains("401"), "\(wrongToken)")
            let noToken = try await Fixture.hangar(["providers", "list"], url: url, token: nil)
            #expect(noToken.status != 0, "\(noToken)")

            let invalid = try await Fixture.hangar(
                [
                    "models", "create", "--provider", "openai", "--name", "Tiny", "--api-name", "tiny", "--context-window", "10",
                ], url: url)
            #expect(invalid.status != 0, "\(invalid)")
            #expect(invalid.stderr.contains("context_window"), "\(invalid)")

            let duplicate = try await Fixture.hangar(
                [
                    "models", "create", "--provider", "mistral", "--name", "Dup", "--api-name", "codestral-latest",
                ], url: url)
            #expect(duplicate.status != 0, "\(duplicate)")
            #expect(duplicate.stderr.contains("409"), "\(duplicate)")

            let builtinDelete = try await Fixture.hangar(["models", "delete", "ollama-phi3"], url: url)
            #expect(builtinDelete.status != 0, "\(builtinDelete)")
            #expect(builtinDelete.stderr.lowercased().contains("builtin"), "\(builtinDelete)")

            let missingArgument = try await Fixture.hangar(["models", "deprecate"], url: url)
            #expect(missingArgument.status != 0)
            // The server is still fine, and nothing was created.
            #expect(try await Fixture.hangar(["models", "list"], url: url).rows.count == 17)
        }
    }

    @Test func unreachableServerFailsFast() async throws {
        let started = ContinuousClock.now
        let result = try await CLIFixture.hangar(["providers", "list"], url: "http://127.0.0.1:1")
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("127.0.0.1:1"), "\(result)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
