import Foundation
import HangarTesting
import Testing

/// `hangar download`, `hangar jobs list|watch|cancel` against a live server and a fake Hub.
@Suite(.timeLimit(.minutes(2))) struct DownloadCommandTests {
    @Test func downloadShowsProgressAndEndsDownloaded() async throws {
        try await FakeHub.withHub { hub in
            let bytes = GGUFBuilder.model().build(tensorData: 1 << 20)
            let info = hub.addFile(repo: DownloadRecoveryTests.repo, path: DownloadRecoveryTests.file, bytes: bytes)
            try await CLIFixture.withServer(.sqlite, hubEndpoint: hub.hubURL) { url in
                let created = try await CLIFixture.hangar(
                    [
                        "models", "create", "--provider", "local", "--name", "Tiny", "--api-name", "tiny",
                        "--hf-repo", DownloadRecoveryTests.repo, "--model-file", DownloadRecoveryTests.file, "--json",
                    ], url: url)
                #expect(created.status == 0, "\(created)")
                let id = try #require((try created.json() as? [String: Any])?["id"] as? String)

                let download = try await CLIFixture.hangar(["download", id], url: url)
                #expect(download.status == 0, "\(download)")
                #expect(download.stderr.contains("100.0%"), "\(download)")
                #expect(download.stdout.contains("succeeded"))

                let shown = try await CLIFixture.hangar(["models", "show", id], url: url)
                #expect(shown.stdout.contains("downloaded"))
                #expect(shown.stdout.contains(info.sha256))

                let again = try await CLIFixture.hangar(["download", id], url: url)
                #expect(again.status == 0)
                #expect(again.stdout.contains("Already downloaded"))

                let jobs = try await CLIFixture.hangar(["jobs", "list", "--json"], url: url)
                let listed = try #require(try jobs.json() as? [[String: Any]])
                #expect(listed.count == 1)
                #expect(listed.first?["state"] as? String == "succeeded")
            }
        }
    }

    @Test func aCanceledJobEndsTheWatchWithAnError() async throws {
        try await FakeHub.withHub { hub in
            let bytes = GGUFBuilder.model().build(tensorData: 2 << 20)
            hub.addFile(repo: DownloadRecoveryTests.repo, path: DownloadRecoveryTests.file, bytes: bytes)
            hub.updateFaults(repo: DownloadRecoveryTests.repo, path: DownloadRecoveryTests.file) { $0.bytesPerSecond = 256 << 10 }
            try await CLIFixture.withServer(.sqlite, hubEndpoint: hub.hubURL) { url in
                let created = try await CLIFixture.hangar(
                    [
                        "models", "create", "--provider", "local", "--name", "Tiny", "--api-name", "tiny",
                        "--hf-repo", DownloadRecoveryTests.repo, "--model-file", DownloadRecoveryTests.file, "--json",
                    ], url: url)
                let id = try #require((try created.json() as? [String: Any])?["id"] as? String)
                let started = try await CLIFixture.hangar(["download", id, "--detach", "--json"], url: url)
                let jobID = try #require((try started.json() as? [String: Any])?["job_id"] as? String)

                async let watched = CLIFixture.hangar(["jobs", "watch", jobID], url: url)
                await hub.waitForBytesServed(atLeast: 64 << 10)
                let canceled = try await CLIFixture.hangar(["jobs", "cancel", jobID], url: url)
                #expect(canceled.status == 0)
                #expect(canceled.stdout.contains("canceled"))
                let watch = try await watched
                #expect(watch.status == 1)
                #expect(watch.stderr.contains("canceled"), "\(watch)")
                let unknown = try await CLIFixture.hangar(["jobs", "cancel", "job_nope"], url: url)
                #expect(unknown.status == 1)
                #expect(unknown.stderr.contains("404"))
            }
        }
    }
}
