import Foundation
import HangarTesting
import Testing

@testable import LocalModels

@Suite(.timeLimit(.minutes(1))) struct DownloadResumeTests {
    let bytes = FakeHub.sampleBytes(count: 512 * 1024)
    let repo = "acme/tiny-GGUF"
    let path = "tiny-Q4_0.gguf"

    @Test func connectionCutMidwayIsResumedWithARangeWithinTheSameRun() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.transfers = [.dropAfter(bytes: 100_000)] }
            let progress = ProgressLog()

            let result = try await fixture.download(progress: progress)

            #expect(result.sha256 == info.sha256)
            #expect(result.resumedFrom == 0)
            let content = fixture.contentRequests
            #expect(content.count == 2)
            #expect(content[0].header("range") == nil)
            let range = try #require(content[1].header("range"))
            let offset = try #require(Int(range.dropFirst("bytes=".count).dropLast()))
            #expect(offset > 0 && offset <= 100_000)
            #expect(range == "bytes=\(offset)-")
            #expect(progress.all.contains { $0.attempt == 2 })
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func cancelledRunKeepsThePartAndTheNextRunResumesIt() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.transfers = [.stallAfter(bytes: 200_000)] }
            let (reports, reporter) = AsyncStream.makeStream(of: DownloadProgress.self)
            let downloader = fixture.downloader(.fast(stallTimeout: .seconds(30), progressInterval: .zero))
            let request = fixture.request()
            let run = Task { try await downloader.download(request) { reporter.yield($0) } }
            for await report in reports where report.bytesDone >= 100_000 { break }

            run.cancel()
            let outcome = await run.result

            #expect(throws: CancellationError.self) { try outcome.get() }
            let transfers = await fixture.hub.waitForTransfers(count: 1)
            #expect(transfers[0].completed == false)
            #expect(!fixture.exists(fixture.destination))
            let kept = fixture.bytes(at: fixture.partPath)
            #expect(kept.count >= 100_000)
            #expect(kept == Array(bytes.prefix(kept.count)))

            let result = try await fixture.download()

            #expect(result.resumedFrom == Int64(kept.count))
            #expect(result.sha256 == info.sha256)
            #expect(fixture.contentRequests.last?.header("range") == "bytes=\(kept.count)-")
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    /// The transfer would take 32 s; a cancel ends it at once rather than with the transfer or
    /// at the stall timeout. The bound leaves room for a loaded machine (the whole suite runs
    /// in parallel on two cores) and stays far from either.
    @Test func cancellationStopsASlowTransferPromptly() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.bytesPerSecond = 16 * 1024 }
            let (reports, reporter) = AsyncStream.makeStream(of: DownloadProgress.self)
            let downloader = fixture.downloader(.fast(stallTimeout: .seconds(30), progressInterval: .zero))
            let request = fixture.request()
            let run = Task { try await downloader.download(request) { reporter.yield($0) } }
            for await report in reports where report.bytesDone > 0 { break }

            let cancelledAt = ContinuousClock.now
            run.cancel()
            let outcome = await run.result
            let transfers = await fixture.hub.waitForTransfers(count: 1)

            #expect(ContinuousClock.now - cancelledAt < .seconds(10))
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(transfers[0].completed == false)
            #expect(transfers[0].bytesSent < bytes.count)
            #expect(fixture.exists(fixture.partPath))
        }
    }

    @Test func secondRunOnTheSamePartIsRefusedWhileTheFirstIsWriting() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.transfers = [.stallAfter(bytes: 50_000)] }
            let (reports, reporter) = AsyncStream.makeStream(of: DownloadProgress.self)
            let downloader = fixture.downloader(.fast(stallTimeout: .seconds(30), progressInterval: .zero))
            let request = fixture.request()
            let first = Task { try await downloader.download(request) { reporter.yield($0) } }
            for await report in reports where report.bytesDone > 0 { break }

            let error = await fixture.failure()
            first.cancel()
            _ = await first.result

            #expect(error?.code == .filesystem)
            #expect(error?.message.contains("Another download") == true)
            #expect(fixture.exists(fixture.partPath))
        }
    }

    @Test func serverIgnoringTheRangeRestartsFromZeroAndStillVerifies() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.alwaysIgnoreRange = true }
            try fixture.writePart(Array(bytes.prefix(10_000)))

            let result = try await fixture.download()

            #expect(result.resumedFrom == 10_000)
            #expect(result.sha256 == info.sha256)
            #expect(fixture.contentRequests.map { $0.header("range") } == ["bytes=10000-"])
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func completePartAnswered416IsVerifiedWithoutWritingTheErrorBody() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            try fixture.writePart(bytes)

            let result = try await fixture.download()

            #expect(result.sha256 == info.sha256)
            #expect(result.resumedFrom == Int64(bytes.count))
            #expect(fixture.contentRequests.map { $0.header("range") } == ["bytes=\(bytes.count)-"])
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func answer416ForAnIncompletePartRestartsFromZero() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.transfers = [.rangeNotSatisfiable] }
            try fixture.writePart(Array(bytes.prefix(1000)))

            let result = try await fixture.download()

            #expect(result.sha256 == info.sha256)
            #expect(fixture.contentRequests.map { $0.header("range") } == ["bytes=1000-", nil])
        }
    }

    @Test func partLargerThanTheFileIsDiscardedBeforeAskingTheCDN() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            try fixture.writePart(bytes + [1, 2, 3])

            let result = try await fixture.download()

            #expect(result.sha256 == info.sha256)
            #expect(fixture.contentRequests.map { $0.header("range") } == [nil])
        }
    }

    @Test func partFromAnOlderVersionOfTheFileIsDownloadedAgainOnce() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            try fixture.writePart(FakeHub.sampleBytes(count: 5000, seed: 42))

            let result = try await fixture.download()

            #expect(result.sha256 == info.sha256)
            #expect(result.resumedFrom == 5000)
            #expect(fixture.contentRequests.map { $0.header("range") } == ["bytes=5000-", nil])
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }
}
