import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar keys create|ls|show|revoke` against a live server.
@Suite(.timeLimit(.minutes(3))) struct KeysCommandTests {
    typealias Fixture = CLIFixture

    @Test(arguments: TestDatabases.engines)
    func createListShowAndRevoke(_ engine: DatabaseEngine) async throws {
        try await Fixture.withServer(engine) { url in
            let created = try await Fixture.hangar(
                [
                    "keys", "create", "Nightly", "--scope", "inference", "--rpm-limit", "60", "--budget-usd", "25.5", "--budget-period",
                    "month",
                ],
                url: url)
            #expect(created.status == 0, "\(created)")
            let secret = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("secret: ") }).dropFirst(8)
            #expect(secret.hasPrefix("hk_") && secret.count == 35, "\(created)")
            let id = String(try #require(created.stdout.split(separator: " ").first))

            let listed = try await Fixture.hangar(["keys", "ls"], url: url)
            #expect(listed.status == 0 && listed.stdout.contains("Nightly") && listed.stdout.contains("25.5 USD/month"), "\(listed)")
            #expect(listed.stdout.contains("SPENT") && listed.stdout.contains("0 USD") && listed.stdout.contains("never"), "\(listed)")
            #expect(!listed.stdout.contains(String(secret)), "the secret is shown once")
            let shown = try await Fixture.hangar(["keys", "show", id], url: url)
            #expect((try shown.json() as? [String: Any])?["rpm_limit"] as? Int == 60, "\(shown)")

            let revoked = try await Fixture.hangar(["keys", "revoke", id], url: url)
            #expect(revoked.status == 0 && revoked.stdout.contains("revoked at"), "\(revoked)")
            #expect(try await Fixture.hangar(["keys", "ls"], url: url).stdout.contains("revoked"))
            let bad = try await Fixture.hangar(["keys", "create", "x", "--budget-period", "week"], url: url)
            #expect(bad.status != 0 && bad.stderr.contains("--budget-period"), "\(bad)")
        }
    }
}
