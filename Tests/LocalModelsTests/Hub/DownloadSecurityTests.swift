import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

@testable import LocalModels

@Suite(.timeLimit(.minutes(1))) struct DownloadSecurityTests {
    let repo = "acme/tiny-GGUF"
    let path = "tiny-Q4_0.gguf"

    @Test func tokenGoesToTheHubButNotToACDNOnAnotherOrigin() async throws {
        try await withFixture(cdn: .otherOrigin) { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: FakeHub.sampleBytes(count: 40_000))
            fixture.hub.setAccess(.privateRepo(token: "hf_secret"), repo: repo)

            _ = try await fixture.download(fixture.request(token: "hf_secret"))

            let requests = fixture.hub.requests
            #expect(requests.map(\.origin) == [.hub, .cdn])
            #expect(requests[0].header("authorization") == "Bearer hf_secret")
            #expect(requests[1].header("authorization") == nil)
        }
    }

    @Test func tokenFollowsARedirectThatStaysOnTheHubOrigin() async throws {
        try await withFixture(cdn: .sameOrigin) { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: FakeHub.sampleBytes(count: 40_000))

            _ = try await fixture.download(fixture.request(token: "hf_secret"))

            let requests = fixture.hub.requests
            #expect(requests.map(\.origin) == [.hub, .hub])
            #expect(requests.allSatisfy { $0.header("authorization") == "Bearer hf_secret" })
        }
    }

    /// `HTTPClient.shared` follows redirects by itself; the Hub's checksum must still be known.
    @Test func clientThatFollowsRedirectsStillGetsTheHubsChecksumAndKeepsTheToken() async throws {
        let client = HTTPClient(configuration: HTTPClient.Configuration(redirectConfiguration: .follow(max: 5, allowCycles: false)))
        do {
            try await withFixture { fixture in
                fixture.hub.addFile(repo: repo, path: path, bytes: FakeHub.sampleBytes(count: 40_000))
                fixture.hub.updateFaults(repo: repo, path: path) { $0.corruptBytes = true }
                let downloader = HubDownloader(client: client, policy: .fast(), logger: fixture.logs.logger())

                await #expect {
                    try await downloader.download(fixture.request(token: "hf_secret"))
                } throws: { error in
                    (error as? DownloadError)?.code == .checksumMismatch
                }
                // The token went to every Hub request and to no CDN one (a busy machine may add a
                // retry, so the count is not fixed).
                let requests = fixture.hub.requests
                #expect(requests.contains { $0.isContent })
                #expect(requests.allSatisfy { $0.header("authorization") == ($0.isContent ? nil : "Bearer hf_secret") })
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test func logsNeverCarryTheTokenNorTheCDNSignature() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 100_000)
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.setAccess(.gated(grantedToken: "hf_topsecret"), repo: repo)
            fixture.hub.updateFaults(repo: repo, path: path) {
                $0.resolveStatuses = [.serverError()]
                $0.transfers = [.dropAfter(bytes: 30_000)]
            }

            _ = try await fixture.download(fixture.request(token: "hf_topsecret"))
            _ = await fixture.failure(fixture.request(token: "hf_wrongsecret"))

            let logs = fixture.logs.lines
            #expect(logs.contains { $0.contains("retrying") })
            #expect(logs.contains { $0.contains("/cdn-lfs/") })
            #expect(!logs.contains { $0.contains("secret") })
            #expect(!logs.contains { $0.contains("X-Amz-Signature") || $0.contains("Bearer") })
        }
    }

    @Test func errorMessagesEchoingTheTokenAreDropped() {
        #expect(DownloadError.sanitizedHubMessage("bad token hf_abc", token: "hf_abc") == nil)
        #expect(DownloadError.sanitizedHubMessage(" Entry not found\n", token: "hf_abc") == "Entry not found")
        #expect(DownloadError.sanitizedHubMessage(String(repeating: "x", count: 500), token: nil)?.count == 201)
    }
}
