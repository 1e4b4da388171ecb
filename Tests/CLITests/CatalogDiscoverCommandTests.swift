import Foundation
import HangarTesting
import Testing

/// `hangar catalog discover …` against a live server whose connection is the OpenAI fake.
@Suite(.timeLimit(.minutes(2))) struct CatalogDiscoverCommandTests {
    @Test func discoverShowsTheProposalThenAppliesTheChoice() async throws {
        try await FakeOpenAI.withServer(apiKey: nil, models: ["lab-chat", "lab-coder"]) { fake in
            try await CLIFixture.withServer(.sqlite) { url in
                let created = try await CLIFixture.hangar(
                    ["providers", "create", "--kind", "openai-compatible", "--name", "Lab vLLM", "--base-url", fake.baseURL], url: url)
                try #require(created.status == 0, "\(created)")

                let proposal = try await CLIFixture.hangar(["catalog", "discover", "Lab vLLM"], url: url)
                #expect(proposal.status == 0, "\(proposal)")
                #expect(proposal.stdout.contains("new") && proposal.stdout.contains("lab-coder"), "\(proposal)")
                #expect(proposal.stdout.contains("8192 (guessed)"), "\(proposal)")

                let json = try await CLIFixture.hangar(["catalog", "discover", "Lab vLLM", "--json"], url: url)
                let new = ((try json.json() as? [String: Any])?["new"] as? [[String: Any]])?.compactMap { $0["api_name"] as? String }
                #expect(new == ["lab-chat", "lab-coder"], "\(json)")

                let applied = try await CLIFixture.hangar(
                    ["catalog", "discover", "Lab vLLM", "--apply", "lab-chat", "lab-coder"], url: url)
                #expect(applied.status == 0, "\(applied)")
                #expect(applied.stdout.contains("added") && applied.stdout.contains("lab-coder"), "\(applied)")

                let refused = try await CLIFixture.hangar(["catalog", "discover", "Lab vLLM", "--deprecate", "no-such-model"], url: url)
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("validation_failed") && refused.stderr.contains("deprecate[0]"), "\(refused)")
            }
        }
    }
}
