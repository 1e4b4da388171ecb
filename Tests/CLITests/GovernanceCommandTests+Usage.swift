import Foundation
import HangarCore
import HangarTesting
import Testing

/// `hangar models test` and `hangar usage` against a live server whose OpenAI-compatible
/// connection is FakeOpenAI, whose answer follows from the request (`FakeCompletionReply`).
extension GovernanceCommandTests {
    /// The prompt the tests send with `--max-tokens 1`: 2 words + the fake's 7 of template make 9
    /// tokens in, and 1 out (checked against the fake where it is used).
    static let prompt = ["--prompt", "Say hi", "--max-tokens", "1"]

    struct PricedModels {
        let url: String
        let fake: FakeOpenAI
        /// 0.1 USD per million tokens in, 0.2 out: 9 × 0.1 + 1 × 0.2 = 1.1 millionths of a USD a
        /// call with `prompt`, a sum a Double would not hold exactly.
        let priced: String
        /// No prices: its cost is unknown, never 0.
        let unpriced: String
    }

    static func withModels(_ body: @escaping @Sendable (PricedModels) async throws -> Void) async throws {
        try await FakeOpenAI.withServer(apiKey: nil, models: ["gpt-4o", "gpt-4o-mini"]) { fake in
            try await Fixture.withServer(.sqlite) { url in
                let provider = try await Self.createdID(
                    ["providers", "create", "Fake", "--kind", "openai-compatible", "--base-url", fake.server.baseURL, "--json"], url: url)
                let priced = try await Self.createdID(
                    [
                        "models", "create", "--provider", provider, "--name", "Priced", "--api-name", "gpt-4o",
                        "--cost-input", "0.1", "--cost-output", "0.2", "--json",
                    ], url: url)
                let unpriced = try await Self.createdID(
                    ["models", "create", "--provider", provider, "--name", "Unpriced", "--api-name", "gpt-4o-mini", "--json"], url: url)
                try await body(PricedModels(url: url, fake: fake, priced: priced, unpriced: unpriced))
            }
        }
    }

    static func createdID(_ arguments: [String], url: String) async throws -> String {
        let created = try await Fixture.hangar(arguments, url: url)
        try #require(created.status == 0, "\(created)")
        return try #require((try created.json() as? [String: Any])?["id"] as? String, "\(created)")
    }

    @Test func modelTestPrintsTheAnswerTokensAndCost() async throws {
        try await Self.withModels { models in
            let reply = FakeCompletionReply(contents: ["Say hi"], maxTokens: 1)
            try #require(reply.promptTokens == 9 && reply.completionTokens == 1, "the fake counts as this test assumes")
            let tested = try await Fixture.hangar(["models", "test", models.priced] + Self.prompt, url: models.url)
            #expect(tested.status == 0, "\(tested)")
            #expect(tested.stdout.hasPrefix(reply.text + "\n\n"), "the answer first: \(tested)")
            #expect(tested.stdout.contains("tokens   9 in, 1 out"), "\(tested)")
            #expect(tested.stdout.contains("cost     0.0000011 USD (at 0.1 in, 0.2 out per million tokens)"), "exact: \(tested)")
            #expect(tested.stdout.contains("latency  ") && tested.stdout.contains(" ms\n"), "\(tested)")
            #expect(tested.stdout.contains("finish   length"), "max tokens cut the answer: \(tested)")
            #expect(!tested.stdout.contains("attempts"), "one attempt is not worth a line: \(tested)")
            #expect(tested.stderr.isEmpty, "\(tested)")

            // Without options: the server's default prompt and token limit.
            let json = try await Fixture.hangar(["models", "test", models.priced, "--json"], url: models.url)
            #expect(json.status == 0, "\(json)")
            let result = try #require(try json.json() as? [String: Any], "\(json)")
            let full = FakeCompletionReply(contents: [ModelTestRequest.defaultPrompt], maxTokens: ModelTestRequest.defaultMaxTokens)
            #expect(result["text"] as? String == full.text, "\(json)")
            #expect(result["input_tokens"] as? Int == full.promptTokens && result["output_tokens"] as? Int == full.completionTokens)
            #expect(result["attempts"] as? Int == 1 && result["warning"] is NSNull, "\(json)")
            let sent = try #require(models.fake.server.requests.last { $0.path == "/v1/chat/completions" })
            let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body)) as? [String: Any])
            #expect(body["max_tokens"] as? Int == ModelTestRequest.defaultMaxTokens, "\(body)")
            let sentOptions = try #require(models.fake.server.requests.filter { $0.path == "/v1/chat/completions" }.first)
            let first = try #require(try JSONSerialization.jsonObject(with: Data(sentOptions.body)) as? [String: Any])
            #expect(
                first["max_tokens"] as? Int == 1 && String(describing: first["messages"] ?? "").contains("Say hi"),
                "--prompt and --max-tokens sent: \(first)")

            let unknown = try await Fixture.hangar(["models", "test", models.unpriced] + Self.prompt, url: models.url)
            #expect(unknown.status == 0, "\(unknown)")
            #expect(unknown.stdout.contains("cost     unknown (the model has no price)"), "\(unknown)")
            #expect(!unknown.stdout.contains("0 USD"), "\(unknown)")

            let deprecated = try await Fixture.hangar(
                ["models", "deprecate", models.priced, "--replacement", models.unpriced], url: models.url)
            #expect(deprecated.status == 0, "\(deprecated)")
            let warned = try await Fixture.hangar(["models", "test", models.priced], url: models.url)
            #expect(warned.status == 0, "a deprecated model still answers: \(warned)")
            #expect(warned.stderr.hasPrefix("Warning: ") && warned.stderr.contains(models.unpriced), "names the replacement: \(warned)")
            #expect(!warned.stdout.contains("Warning"), "\(warned)")

            let missing = try await Fixture.hangar(["models", "test", "no-such-model"], url: models.url)
            #expect(missing.status == 1, "\(missing)")
            #expect(missing.stderr.contains("HTTP 404"), "\(missing)")
        }
    }

    @Test func usageShowsTheCallsAfterTests() async throws {
        try await Self.withModels { models in
            let none = try await Fixture.hangar(["usage"], url: models.url)
            #expect(none.status == 0, "\(none)")
            #expect(none.stdout.hasPrefix("No calls from ") && none.stdout.contains(": 0 calls,"), "\(none)")

            for id in [models.priced, models.priced, models.unpriced] {
                let tested = try await Fixture.hangar(["models", "test", id] + Self.prompt, url: models.url)
                try #require(tested.status == 0, "\(tested)")
            }
            let usage = try await Fixture.hangar(["usage"], url: models.url)
            #expect(usage.status == 0, "\(usage)")
            let rows = usage.rows.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            let priced = try #require(rows.first { $0.last == models.priced }, "\(usage)")
            #expect(Array(priced.dropFirst().prefix(5)) == ["Priced", "2", "18", "2", "0.0000022"], "\(usage)")
            let unpriced = try #require(rows.first { $0.last == models.unpriced }, "\(usage)")
            #expect(Array(unpriced.dropFirst().prefix(5)) == ["Unpriced", "1", "9", "1", "unknown"], "\(usage)")
            #expect(
                usage.stdout.contains(": 3 calls, 27 tokens in, 3 tokens out, cost 0.0000022 USD + 1 call without a price\n"), "\(usage)")

            let json = try await Fixture.hangar(["usage", "--model", models.unpriced, "--json"], url: models.url)
            let totals = try #require((try json.json() as? [String: Any])?["totals"] as? [String: Any], "\(json)")
            #expect(totals["calls"] as? Int == 1 && totals["unpriced_calls"] as? Int == 1 && totals["cost_usd"] is NSNull, "\(json)")
            let old = try await Fixture.hangar(["usage", "--from", "2001-01-01", "--to", "2001-01-31"], url: models.url)
            #expect(
                old.stdout
                    == "No calls from 2001-01-01 to 2001-01-31.\nTotal 2001-01-01 to 2001-01-31: 0 calls, 0 tokens in, 0 tokens out, cost 0 USD\n",
                "\(old)")

            let records = try await Fixture.hangar(["usage", "--records"], url: models.url)
            #expect(records.status == 0, "\(records)")
            #expect(records.rows.count == 3, "\(records)")
            let latest = records.rows[0].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // TIME MODEL PURPOSE IN OUT LATENCY ("12 ms", two words) USD/M-IN USD/M-OUT COST MODEL-ID
            #expect(latest.count == 11, "\(records)")
            #expect(Array(latest.dropFirst().prefix(4)) == ["Unpriced", "test", "9", "1"], "newest first: \(records)")
            #expect(Array(latest.suffix(4)) == ["unknown", "unknown", "unknown", models.unpriced], "\(records)")
            #expect(
                records.rows.filter { $0.contains(" 0.1 ") && $0.contains(" 0.2 ") && $0.contains(" 0.0000011 ") }.count == 2,
                "price snapshots: \(records)")
            let limited = try await Fixture.hangar(["usage", "--records", "--limit", "1", "--model", models.priced], url: models.url)
            #expect(limited.rows.count == 1 && limited.rows[0].hasSuffix(models.priced), "\(limited)")
        }
    }

    @Test func usageOptionsAreCheckedBeforeAnyRequest() async throws {
        let badDay = try await Self.offline(["usage", "--from", "2025-02-30"])
        #expect(badDay.status == Self.usageError && badDay.stderr.contains("YYYY-MM-DD"), "\(badDay)")
        let mixed = try await Self.offline(["usage", "--records", "--provider", "openai"])
        #expect(mixed.status == Self.usageError && mixed.stderr.contains("--records takes only"), "\(mixed)")
        let stray = try await Self.offline(["usage", "--limit", "5"])
        #expect(stray.status == Self.usageError, "\(stray)")
    }
}
