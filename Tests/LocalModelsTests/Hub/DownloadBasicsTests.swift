import Foundation
import HangarTesting
import Testing

@testable import LocalModels

@Suite(.timeLimit(.minutes(1))) struct DownloadBasicsTests {
    @Test func lfsFileIsFetchedFromTheCDNVerifiedAndPutInPlace() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 256 * 1024)
            let info = fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: bytes)

            let result = try await fixture.download()

            #expect(
                result
                    == DownloadResult(
                        path: fixture.destination, size: Int64(bytes.count), sha256: info.sha256, commit: info.commit, resumedFrom: 0))
            #expect(fixture.bytes(at: fixture.destination) == bytes)
            #expect(!fixture.exists(fixture.partPath))
            let requests = fixture.hub.requests
            #expect(requests.map(\.origin) == [.hub, .cdn])
            #expect(requests[0].path == "/acme/tiny-GGUF/resolve/main/tiny-Q4_0.gguf")
            #expect(requests[0].header("user-agent")?.hasPrefix("hangar/") == true)
            #expect(requests[0].header("accept-encoding") == "identity")
            #expect(requests.allSatisfy { $0.header("range") == nil })
            #expect(requests[1].query?.contains("X-Amz-Signature") == true)
        }
    }

    @Test func smallGitFileIsServedDirectlyAndItsHashComputed() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 3000, seed: 7)
            let info = fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: bytes, storage: .git)

            let result = try await fixture.download()

            #expect(result.sha256 == info.sha256)
            #expect(result.size == 3000)
            #expect(result.commit == info.commit)
            #expect(fixture.hub.requests.count == 1)
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func revisionWithSlashesAndFileInAFolderAreQuotedLikeHuggingFaceHub() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 10_000)
            fixture.hub.addFile(repo: "acme/tiny-GGUF", revision: "refs/pr/1", path: "Q4 K/tiny ü.gguf", bytes: bytes)

            _ = try await fixture.download(fixture.request(revision: "refs/pr/1", file: "Q4 K/tiny ü.gguf"))

            #expect(fixture.hub.requests[0].path == "/acme/tiny-GGUF/resolve/refs%2Fpr%2F1/Q4%20K/tiny%20%C3%BC.gguf")
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func endpointWithATrailingSlashIsTolerated() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: FakeHub.sampleBytes(count: 1000))

            _ = try await fixture.download(fixture.request(endpoint: fixture.hub.hubURL + "/"))

            #expect(fixture.hub.requests[0].path == "/acme/tiny-GGUF/resolve/main/tiny-Q4_0.gguf")
        }
    }

    @Test func renamedRepositoryIsFollowedThroughARelativeRedirectWithTheToken() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 20_000)
            fixture.hub.addFile(repo: "acme/new-GGUF", path: "tiny-Q4_0.gguf", bytes: bytes)
            fixture.hub.renameRepo("acme/old-GGUF", to: "acme/new-GGUF")

            _ = try await fixture.download(fixture.request(repo: "acme/old-GGUF", token: "hf_secret"))

            let requests = fixture.hub.requests
            #expect(
                requests.map(\.path).prefix(2) == [
                    "/acme/old-GGUF/resolve/main/tiny-Q4_0.gguf", "/acme/new-GGUF/resolve/main/tiny-Q4_0.gguf",
                ])
            #expect(requests[1].header("authorization") == "Bearer hf_secret")
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func progressGrowsMonotonicallyAndEndsAtTheFileSize() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 1 << 20)
            fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: bytes)
            let progress = ProgressLog()

            _ = try await fixture.download(policy: .fast(progressInterval: .zero), progress: progress)

            let reports = progress.all
            #expect(reports.count >= 3)
            #expect(reports.first?.bytesDone == 0)
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone })
            let last = try #require(reports.last)
            #expect(last.bytesDone == Int64(bytes.count))
            #expect(last.bytesTotal == Int64(bytes.count))
            #expect(last.percent == 100)
            #expect(last.etaSeconds == 0)
            #expect(reports.allSatisfy { $0.attempt == 1 })
            #expect(reports.dropFirst().allSatisfy { $0.bytesTotal == Int64(bytes.count) })
        }
    }

    @Test func progressIsThrottledToTheInterval() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: FakeHub.sampleBytes(count: 1 << 20))
            let progress = ProgressLog()

            _ = try await fixture.download(policy: .fast(progressInterval: .seconds(60)), progress: progress)

            // Only the first and the last: the transfer takes far less than the interval.
            #expect(progress.all.map(\.bytesDone) == [0, 1 << 20])
        }
    }

    @Test func destinationThatAlreadyMatchesIsKeptWithoutTransfer() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 50_000)
            let info = fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: bytes)
            _ = try await fixture.download()
            let before = fixture.contentRequests.count

            let again = try await fixture.download()

            #expect(again.reusedExisting)
            #expect(again.sha256 == info.sha256)
            #expect(again.size == Int64(bytes.count))
            #expect(fixture.contentRequests.count == before)
            #expect(!fixture.exists(fixture.partPath))
        }
    }

    @Test func destinationWithOtherContentIsReplacedAtomically() async throws {
        try await withFixture { fixture in
            let bytes = FakeHub.sampleBytes(count: 50_000)
            fixture.hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: bytes)
            try FileManager.default.createDirectory(atPath: fixture.directory + "/models", withIntermediateDirectories: true)
            try Data(FakeHub.sampleBytes(count: 50_000, seed: 99)).write(to: URL(fileURLWithPath: fixture.destination))

            let result = try await fixture.download()

            #expect(!result.reusedExisting)
            #expect(fixture.bytes(at: fixture.destination) == bytes)
        }
    }

    @Test func invalidReferenceIsRefusedBeforeAnyRequest() async throws {
        try await withFixture { fixture in
            let error = await fixture.failure(fixture.request(file: "../escape.gguf"))
            #expect(error?.code == .invalidReference)
            let endpoint = await fixture.failure(fixture.request(endpoint: "ftp://example.com"))
            #expect(endpoint?.code == .invalidReference)
            #expect(fixture.hub.requests.isEmpty)
            #expect(!fixture.exists(fixture.partPath))
        }
    }
}
