import Foundation
import HangarTesting
import Testing

@testable import LocalModels

@Suite(.timeLimit(.minutes(1))) struct DownloadRetryTests {
    let bytes = FakeHub.sampleBytes(count: 256 * 1024)
    let repo = "acme/tiny-GGUF"
    let path = "tiny-Q4_0.gguf"

    @Test func retryAfterOnA429IsHonoured() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.resolveStatuses = [.tooManyRequests(retryAfter: "1")] }

            let started = ContinuousClock.now
            let result = try await fixture.download()
            let elapsed = ContinuousClock.now - started

            #expect(result.sha256 == info.sha256)
            #expect(elapsed >= .milliseconds(950))
            #expect(elapsed < .seconds(30))
            #expect(fixture.resolveRequests.count == 2)
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffUntilTheHubRecovers() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) {
                $0.resolveStatuses = [.serverError(500), .serverError(503), FakeHubStatus(status: 408)]
            }
            let progress = ProgressLog()

            let result = try await fixture.download(progress: progress)

            #expect(result.sha256 == info.sha256)
            #expect(fixture.resolveRequests.count == 4)
            #expect(progress.all.last?.attempt == 4)
        }
    }

    @Test func serverErrorsOnEveryTryEndAsAnUpstreamError() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.resolveStatuses = Array(repeating: .serverError(502), count: 5) }

            let error = await fixture.failure(policy: .fast(maxAttempts: 3))

            #expect(error?.code == .upstreamStatus)
            #expect(error?.message.contains("502") == true)
            #expect(fixture.resolveRequests.count == 3)
            #expect(!fixture.exists(fixture.destination))
            #expect(!fixture.exists(fixture.partPath))
        }
    }

    @Test func retryAfterBeyondTheLimitFailsWithoutWaiting() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.resolveStatuses = [.tooManyRequests(retryAfter: "3600")] }

            let started = ContinuousClock.now
            let error = await fixture.failure()

            #expect(error?.code == .upstreamStatus)
            #expect(error?.message.contains("3600 s") == true)
            // Far below the hour the Hub asked for; loose, since the whole suite shares 2 cores.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(fixture.resolveRequests.count == 1)
        }
    }

    @Test func stalledTransferIsAbandonedAndResumed() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.transfers = [.stallAfter(bytes: 50_000)] }

            let result = try await fixture.download(policy: .fast(stallTimeout: .seconds(1)))

            #expect(result.sha256 == info.sha256)
            let transfers = await fixture.hub.waitForTransfers(count: 2)
            #expect(transfers.filter(\.completed).count == 1)
            #expect(transfers.first { !$0.completed }?.bytesSent == 50_000)
            #expect(fixture.contentRequests[1].header("range")?.hasPrefix("bytes=") == true)
        }
    }

    @Test func stallOnEveryTryFailsAsStalledAndKeepsThePart() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) {
                $0.transfers = [.stallAfter(bytes: 20_000), .stallAfter(bytes: 20_000)]
            }

            let error = await fixture.failure(policy: .fast(maxAttempts: 2, stallTimeout: .seconds(1)))

            #expect(error?.code == .stalled)
            #expect(!fixture.exists(fixture.destination))
            #expect(fixture.bytes(at: fixture.partPath).count >= 20_000)
        }
    }

    @Test func droppedConnectionsOnEveryTryFailAsANetworkErrorAndKeepThePart() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) {
                $0.transfers = Array(repeating: .dropAfter(bytes: 10_000), count: 3)
            }

            let error = await fixture.failure(policy: .fast(maxAttempts: 3))

            #expect(error?.code == .network)
            #expect(fixture.contentRequests.count == 3)
            let kept = fixture.bytes(at: fixture.partPath)
            #expect(kept.count > 0)
            #expect(kept == Array(bytes.prefix(kept.count)))
        }
    }

    @Test func hubThatNeverAnswersIsGivenUpOnAfterTheDeadline() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.silentResolves = 1 }
            var policy = DownloadPolicy.fast(stallTimeout: .seconds(1))
            policy.connectTimeout = .seconds(1)

            let started = ContinuousClock.now
            let result = try await fixture.download(policy: policy)

            #expect(result.sha256 == info.sha256)
            #expect(ContinuousClock.now - started >= .milliseconds(400))
            // At least the silent try and the one that worked; a loaded machine can make a later
            // try miss its 1 s deadline too.
            #expect(fixture.resolveRequests.count >= 2)
            #expect(fixture.logs.lines.contains { $0.contains("No answer from the Hub at 127.0.0.1") && $0.contains("in time") })
        }
    }

    @Test func refusedConnectionIsRetriedThenANetworkError() async throws {
        try await withTemporaryDirectory { directory in
            try await withClosedPort { port in
                let downloader = HubDownloader(policy: .fast(maxAttempts: 3), logger: LogCapture().logger())
                let request = HubDownloadRequest(
                    endpoint: "http://127.0.0.1:\(port)", file: HubFileReference(repo: repo, file: path), token: nil,
                    destination: directory + "/model.gguf")
                await #expect {
                    try await downloader.download(request)
                } throws: { error in
                    (error as? DownloadError)?.code == .network
                }
                #expect(!FileManager.default.fileExists(atPath: directory + "/model.gguf.part"))
            }
        }
    }
}
