import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar settings`, `export` and `import` against a live server; `models test` and `usage`
/// are in GovernanceCommandTests+Usage.swift.
@Suite(.timeLimit(.minutes(3))) struct GovernanceCommandTests {
    typealias Fixture = CLIFixture

    /// ArgumentParser's exit status for a usage error (EX_USAGE), as every command's
    /// ValidationError exits.
    static let usageError: Int32 = 64

    /// Runs `hangar` against a port where nothing listens: a command that sent a request would
    /// fail with "Cannot reach Hangar", so any other failure happened before a request.
    static func offline(_ arguments: [String], stdin: String? = nil) async throws -> CLIFixture.Result {
        try await withClosedPort { port in
            try await Fixture.hangar(arguments, url: "http://127.0.0.1:\(port)", stdin: stdin)
        }
    }

    static func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-gov-\(UUID().uuidString.prefix(8)).json").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: TestDatabases.engines)
    func settingsGetSetAndReset(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine, configure: { $0.downloadConcurrency = 3 }) { url in
            let all = try await Fixture.hangar(["settings", "get"], url: url)
            #expect(all.status == 0, "\(all)")
            #expect(all.rows.count == 14, "four default-model purposes and ten settings: \(all)")
            #expect(all.rows.contains { $0.hasPrefix("ollama_status_poll_seconds") && $0.hasSuffix(" 0") }, "the tests' default: \(all)")
            #expect(all.rows.contains { $0.hasPrefix("ollama_keep_alive") && $0.hasSuffix(" 5m") }, "\(all)")
            #expect(all.rows.contains { $0.hasPrefix("job_retention_days") && $0.hasSuffix(" 30") }, "\(all)")
            #expect(all.rows.contains { $0.hasPrefix("download_concurrency") && $0.hasSuffix(" 3") }, "the server's default: \(all)")
            #expect(all.rows.contains { $0.hasPrefix("default_models.chat") && $0.hasSuffix(" none") }, "\(all)")
            #expect(all.rows.contains { $0.hasPrefix("hf_endpoint") && $0.hasSuffix(" https://huggingface.co") }, "\(all)")

            let set = try await Fixture.hangar(["settings", "set", "download_concurrency", "5"], url: url)
            #expect(set.status == 0, "\(set)")
            #expect(set.stdout == "download_concurrency = 5\n", "\(set)")
            #expect(try await Fixture.hangar(["settings", "get", "download_concurrency"], url: url).stdout == "5\n")
            let json = try await Fixture.hangar(["settings", "get", "--json"], url: url)
            #expect((try json.json() as? [String: Any])?["download_concurrency"] as? Int == 5, "\(json)")

            let reset = try await Fixture.hangar(["settings", "set", "download_concurrency", "default"], url: url)
            #expect(reset.status == 0, "\(reset)")
            #expect(reset.stdout == "download_concurrency = 3\n", "back to the server's default: \(reset)")

            let cache = try await Fixture.hangar(["settings", "set", "ollama_cache_seconds", "0"], url: url)
            #expect(cache.stdout == "ollama_cache_seconds = 0\n", "\(cache)")
            let hub = try await Fixture.hangar(["settings", "set", "hf_endpoint", "https://hub.example.com"], url: url)
            #expect(hub.stdout == "hf_endpoint = https://hub.example.com\n", "\(hub)")
            let retention = try await Fixture.hangar(["settings", "set", "job_retention_days", "90"], url: url)
            #expect(retention.stdout == "job_retention_days = 90\n", "\(retention)")
            let policy = try await Fixture.hangar(["settings", "set", "deprecated_model_policy", "redirect"], url: url)
            #expect(policy.stdout == "deprecated_model_policy = redirect\n", "\(policy)")
            let keepAlive = try await Fixture.hangar(["settings", "set", "ollama_keep_alive", "--", "-1"], url: url)
            #expect(keepAlive.stdout == "ollama_keep_alive = -1\n", "\(keepAlive)")
            let hours = try await Fixture.hangar(["settings", "set", "ollama_update_check_hours", "24"], url: url)
            #expect(hours.stdout == "ollama_update_check_hours = 24\n", "\(hours)")
            let badPolicy = try await Fixture.hangar(["settings", "set", "deprecated_model_policy", "ignore"], url: url)
            #expect(badPolicy.status != 0 && badPolicy.stderr.contains("warn, redirect, refuse"), "\(badPolicy)")

            let code = try await Fixture.hangar(["settings", "set", "default_models.code", "mistral-codestral-latest"], url: url)
            #expect(code.stdout == "default_models.code = mistral-codestral-latest\n", "\(code)")
            let models = try await Fixture.hangar(["settings", "get", "default_models"], url: url)
            #expect(
                models.rows == [
                    "default_models.chat       none", "default_models.code       mistral-codestral-latest",
                    "default_models.embedding  none", "default_models.vision     none",
                ], "\(models)")
            let cleared = try await Fixture.hangar(["settings", "set", "default_models", "default"], url: url)
            #expect(cleared.status == 0, "\(cleared)")
            #expect(cleared.stdout.contains("default_models.code = none"), "\(cleared)")
            #expect(try await Fixture.hangar(["settings", "get", "default_models.code"], url: url).stdout == "none\n")
        }
    }

    @Test func badSettingsAreRefusedBeforeAnyRequest() async throws {
        let unknown = try await Self.offline(["settings", "get", "download_speed"])
        #expect(unknown.status == Self.usageError, "\(unknown)")
        #expect(unknown.stderr.contains("Unknown setting 'download_speed'"), "\(unknown)")
        #expect(unknown.stderr.contains("default_models.vision") && unknown.stderr.contains("hf_endpoint"), "lists the keys: \(unknown)")
        let unknownSet = try await Self.offline(["settings", "set", "default_models.audio", "x"])
        #expect(unknownSet.status == Self.usageError, "\(unknownSet)")

        let notNumber = try await Self.offline(["settings", "set", "download_concurrency", "four"])
        #expect(notNumber.status == Self.usageError, "\(notNumber)")
        #expect(notNumber.stderr.contains("whole number") && notNumber.stderr.contains("'four'"), "\(notNumber)")
        let group = try await Self.offline(["settings", "set", "default_models", "mistral-codestral-latest"])
        #expect(group.status == Self.usageError, "\(group)")
        #expect(group.stderr.contains("default_models.chat"), "\(group)")
        for result in [unknown, unknownSet, notNumber, group] {
            #expect(!result.stderr.contains("Cannot reach"), "no request was sent: \(result)")
        }
    }

    @Test func serverSideValidationNamesTheField() async throws {
        try await Fixture.withServer(.sqlite) { url in
            let tooMany = try await Fixture.hangar(["settings", "set", "download_concurrency", "99"], url: url)
            #expect(tooMany.status == 1, "\(tooMany)")
            #expect(tooMany.stderr.contains("HTTP 422") && tooMany.stderr.contains("download_concurrency:"), "\(tooMany)")
            let ftp = try await Fixture.hangar(["settings", "set", "hf_endpoint", "ftp://hub.example.com"], url: url)
            #expect(ftp.status == 1, "\(ftp)")
            #expect(ftp.stderr.contains("HTTP 422") && ftp.stderr.contains("hf_endpoint:"), "\(ftp)")
            let noModel = try await Fixture.hangar(["settings", "set", "default_models.chat", "no-such-model"], url: url)
            #expect(noModel.status == 1, "\(noModel)")
            #expect(
                noModel.stderr.contains("HTTP 404") && noModel.stderr.contains("model_not_found")
                    && noModel.stderr.contains("default_models.chat"), "\(noModel)")
            #expect(try await Fixture.hangar(["settings", "get", "download_concurrency"], url: url).stdout == "2\n", "nothing stored")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func exportThenImportRestoresTheConfiguration(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let created = try await Fixture.hangar(
                ["providers", "create", "Team LLM", "--kind", "openai-compatible", "--base-url", "https://llm.example.com"], url: url)
            #expect(created.status == 0, "\(created)")
            let exported = try await Fixture.hangar(["export"], url: url)
            #expect(exported.status == 0, "\(exported)")
            let json = try #require(try exported.json() as? [String: Any], "\(exported)")
            #expect(json["format"] as? String == "hangar-configuration")
            #expect(json["version"] as? Int == 1)
            #expect((json["providers"] as? [[String: Any]])?.contains { $0["name"] as? String == "Team LLM" } == true)
            #expect(exported.stdout.hasSuffix("}\n") && exported.stdout.contains("\n  \"models\""), "pretty-printed: \(exported)")
            let topKeys = ["\"format\"", "\"models\"", "\"providers\"", "\"settings\"", "\"version\""]
            let offsets = topKeys.compactMap { exported.stdout.range(of: $0)?.lowerBound }
            #expect(offsets.count == 5 && offsets == offsets.sorted(), "sorted keys: \(exported)")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-export-\(UUID().uuidString.prefix(8)).json")
                .path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let written = try await Fixture.hangar(["export", "--output", file], url: url)
            #expect(written.status == 0, "\(written)")
            #expect(written.stdout.contains("to \(file)"), "\(written)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == exported.stdout, "the same bytes as stdout")

            let same = try await Fixture.hangar(["import", file, "--dry-run"], url: url)
            #expect(same.status == 0, "\(same)")
            #expect(same.stdout.hasPrefix("Dry run: would create 0, update 0, leave "), "\(same)")
            #expect(same.stdout.split(separator: "\n").count == 1, "no item lines: \(same)")

            // Change a setting and the connection, then preview and apply the earlier file.
            #expect(try await Fixture.hangar(["settings", "set", "download_concurrency", "7"], url: url).status == 0)
            let renamed = try await Fixture.hangar(["providers", "edit", "Team LLM", "--name", "Team Renamed"], url: url)
            #expect(renamed.status == 0, "\(renamed)")
            let preview = try await Fixture.hangar(["import", file, "--dry-run"], url: url)
            #expect(preview.status == 0, "\(preview)")
            #expect(preview.stdout.hasPrefix("Dry run: would create 0, update 2, leave "), "\(preview)")
            #expect(preview.rows.contains { $0.hasPrefix("update  setting") && $0.contains("download_concurrency") }, "\(preview)")
            #expect(
                preview.rows.contains { $0.hasPrefix("update  provider") && $0.contains("Team LLM") && $0.contains("name") }, "\(preview)")
            #expect(
                try await Fixture.hangar(["settings", "get", "download_concurrency"], url: url).stdout == "7\n", "a dry run writes nothing")

            let applied = try await Fixture.hangar(["import", "-"], url: url, stdin: exported.stdout)
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.hasPrefix("Imported: created 0, updated 2, left "), "\(applied)")
            #expect(try await Fixture.hangar(["settings", "get", "download_concurrency"], url: url).stdout == "2\n")
            let shown = try await Fixture.hangar(["providers", "show", "Team LLM"], url: url)
            #expect(shown.status == 0, "the connection has its exported name again: \(shown)")
            let again = try await Fixture.hangar(["import", file, "--json"], url: url)
            let report = try #require(try again.json() as? [String: Any], "\(again)")
            #expect(report["updated"] as? Int == 0 && report["created"] as? Int == 0, "\(again)")
            #expect(try await Fixture.hangar(["export"], url: url).stdout == exported.stdout, "the same configuration, the same bytes")
        }
    }

    @Test func importRefusesAFileThatIsNotAnExport() async throws {
        let truncated = try Self.temporaryFile("{\"format\": \"hangar-configuration\", \"version\": 1, \"providers\": [")
        let unknownField = try Self.temporaryFile("{\"format\": \"hangar-configuration\", \"version\": 1, \"secrets\": []}")
        let array = try Self.temporaryFile("[1, 2]")
        defer { for file in [truncated, unknownField, array] { try? FileManager.default.removeItem(atPath: file) } }

        let notJSON = try await Self.offline(["import", truncated])
        #expect(notJSON.status == 1, "\(notJSON)")
        #expect(notJSON.stderr.contains("is not valid JSON"), "\(notJSON)")
        let stdin = try await Self.offline(["import", "-", "--dry-run"], stdin: "hello")
        #expect(stdin.stderr.contains("stdin is not valid JSON"), "\(stdin)")
        let unknown = try await Self.offline(["import", unknownField])
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("not a Hangar configuration") && unknown.stderr.contains("secrets"), "\(unknown)")
        let notObject = try await Self.offline(["import", array])
        #expect(notObject.stderr.contains("JSON object"), "\(notObject)")
        let missing = try await Self.offline(["import", "/nonexistent/hangar.json"])
        #expect(missing.status == 1 && missing.stderr.contains("Cannot read /nonexistent/hangar.json"), "\(missing)")
        for result in [notJSON, stdin, unknown, notObject, missing] {
            #expect(!result.stderr.contains("Cannot reach"), "no request was sent: \(result)")
        }

        // Well-formed but refused by the server: its code and message, exit 1.
        try await Fixture.withServer(.sqlite) { url in
            let future = try await Fixture.hangar(["import", "-"], url: url, stdin: #"{"format": "hangar-configuration", "version": 2}"#)
            #expect(future.status == 1, "\(future)")
            #expect(future.stderr.contains("HTTP 4") && future.stderr.contains("version"), "\(future)")
        }
    }
}
