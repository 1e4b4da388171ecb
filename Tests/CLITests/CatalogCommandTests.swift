import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar catalog price-sync` against a live server.
@Suite(.timeLimit(.minutes(3))) struct CatalogCommandTests {
    typealias Fixture = CLIFixture

    static let prices = #"""
        {
          "sample_spec": {"input_cost_per_token": 0.0, "max_tokens": "LEGACY parameter"},
          "mistral/mistral-large-latest": {"litellm_provider": "mistral", "input_cost_per_token": 0.000002, "output_cost_per_token": 0.000006, "max_input_tokens": 131072},
          "mistral/mistral-small-latest": {"litellm_provider": "mistral", "input_cost_per_token": 1e-07, "output_cost_per_token": 3e-07}
        }
        """#

    @Test(arguments: TestDatabases.engines)
    func priceSyncPreviewsThenAppliesTheChosenModel(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let file = try GovernanceCommandTests.temporaryFile(Self.prices)
            defer { try? FileManager.default.removeItem(atPath: file) }
            let preview = try await Fixture.hangar(["catalog", "price-sync", "--file", file, "--dry-run"], url: url)
            #expect(preview.status == 0, "\(preview)")
            #expect(preview.stdout.contains("litellm:upload (2 entries)"), "\(preview)")
            #expect(preview.stdout.contains("mistral-mistral-large-latest") && preview.stdout.contains("cost_input_per_million"))
            #expect(preview.stdout.contains("131072") && preview.stdout.contains("Nothing was written"), "\(preview)")

            let applied = try await Fixture.hangar(
                ["catalog", "price-sync", "--file", file, "--model", "mistral-mistral-small-latest", "--json"], url: url)
            #expect(applied.status == 0, "\(applied)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])
            #expect(report["applied"] as? Int == 1)
            let model = try await Fixture.hangar(["models", "show", "mistral-mistral-small-latest", "--json"], url: url)
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any], "\(model)")
            #expect(shown["cost_input_per_million"] as? Double == 0.1)
            #expect(shown["price_source"] as? String == "litellm:upload")
        }
    }

    @Test func aBrokenFileIsExplainedBeforeAnythingIsSent() async throws {
        let file = try GovernanceCommandTests.temporaryFile("[1, 2")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let broken = try await GovernanceCommandTests.offline(["catalog", "price-sync", "--file", file])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("not a price file in LiteLLM's format"), "\(broken)")
        let both = try await GovernanceCommandTests.offline([
            "catalog", "price-sync", "--file", file, "--source-url", "https://x.example/p.json",
        ])
        #expect(both.status == GovernanceCommandTests.usageError, "\(both)")
    }
}
