import Foundation
import HangarTesting
import Testing

@testable import LocalModels

@Suite(.timeLimit(.minutes(1))) struct DownloadFailureTests {
    let bytes = FakeHub.sampleBytes(count: 128 * 1024)
    let repo = "acme/tiny-GGUF"
    let path = "tiny-Q4_0.gguf"

    @Test func missingFileIsNotFoundWithoutRetry() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)

            let error = await fixture.failure(fixture.request(file: "other-Q8_0.gguf"))

            #expect(error?.code == .notFound)
            #expect(error?.message.contains("other-Q8_0.gguf") == true)
            #expect(error?.message.contains("Entry not found") == true)
            #expect(fixture.hub.requests.count == 1)
            #expect(!fixture.exists(fixture.destination))
            #expect(!fixture.exists(fixture.partPath))
        }
    }

    @Test func missingRevisionIsNotFoundAndNamesTheRevision() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)

            let error = await fixture.failure(fixture.request(revision: "v9"))

            #expect(error?.code == .notFound)
            #expect(error?.message.contains("Revision 'v9'") == true)
        }
    }

    @Test func unknownRepositoryAskedAnonymouslyIsUnauthorizedLikeOnTheHub() async throws {
        try await withFixture { fixture in
            let error = await fixture.failure(fixture.request(repo: "acme/nothing-GGUF"))

            #expect(error?.code == .unauthorized)
            #expect(error?.message.contains("not found") == true)
            #expect(fixture.hub.requests.count == 1)
        }
    }

    @Test func unknownRepositoryAskedWithATokenIsNotFound() async throws {
        try await withFixture { fixture in
            let error = await fixture.failure(fixture.request(repo: "acme/nothing-GGUF", token: "hf_any"))
            #expect(error?.code == .notFound)
        }
    }

    @Test func privateRepositoryNeedsItsToken() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.setAccess(.privateRepo(token: "hf_right"), repo: repo)

            let anonymous = await fixture.failure()
            let wrong = await fixture.failure(fixture.request(token: "hf_wrong"))
            let result = try await fixture.download(fixture.request(token: "hf_right"))

            #expect(anonymous?.code == .unauthorized)
            #expect(wrong?.code == .unauthorized)
            #expect(wrong?.message.contains("refused") == true)
            #expect(wrong?.message.contains("hf_wrong") == false)
            #expect(result.size == Int64(bytes.count))
            #expect(fixture.resolveRequests.count == 3)
        }
    }

    @Test func gatedModelNeedsTheTermsAcceptedAndAGrantedToken() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.setAccess(.gated(grantedToken: "hf_granted"), repo: repo)

            let anonymous = await fixture.failure()
            let notGranted = await fixture.failure(fixture.request(token: "hf_other"))
            let result = try await fixture.download(fixture.request(token: "hf_granted"))

            #expect(anonymous?.code == .gated)
            #expect(anonymous?.message.contains("No token was set") == true)
            #expect(notGranted?.code == .gated)
            #expect(notGranted?.message.contains("accept the model's terms") == true)
            #expect(result.size == Int64(bytes.count))
        }
    }

    @Test(arguments: [400, 401, 403, 404, 410])
    func clientErrorsAreNotRetried(status: Int) async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.resolveStatuses = [FakeHubStatus(status: status)] }

            let error = await fixture.failure()

            let expected: DownloadError.Code =
                switch status {
                case 401: .unauthorized
                case 403: .gated
                case 404: .notFound
                default: .upstreamStatus
                }
            #expect(error?.code == expected)
            #expect(fixture.hub.requests.count == 1)
        }
    }

    @Test func corruptBytesFailTheChecksumAndLeaveNothingBehind() async throws {
        try await withFixture { fixture in
            let info = fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.corruptBytes = true }

            let error = await fixture.failure()

            #expect(error?.code == .checksumMismatch)
            #expect(error?.message.contains(info.sha256) == true)
            #expect(!fixture.exists(fixture.destination))
            #expect(!fixture.exists(fixture.partPath))
        }
    }

    @Test func sizeDifferentFromTheAnnouncedOneFailsAndLeavesNothingBehind() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.advertisedSize = Int64(bytes.count + 10) }

            let error = await fixture.failure()

            #expect(error?.code == .sizeMismatch)
            #expect(!fixture.exists(fixture.destination))
            #expect(!fixture.exists(fixture.partPath))
        }
    }

    @Test func fileLargerThanTheFreeSpaceFailsBeforeTheTransfer() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            fixture.hub.updateFaults(repo: repo, path: path) { $0.advertisedSize = 1_000_000_000_000_000 }
            try fixture.writePart(Array(bytes.prefix(1000)))

            let error = await fixture.failure()

            #expect(error?.code == .diskFull)
            #expect(fixture.contentRequests.isEmpty)
            #expect(!fixture.exists(fixture.partPath))
            #expect(!fixture.exists(fixture.destination))
        }
    }

    /// `/dev/full` fails every write with ENOSPC; a `.part` link to it makes the disk "full"
    /// exactly when the first bytes are written, after the free-space check passed.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func writeFailingWithNoSpaceFailsAsDiskFullAndRemovesThePart() async throws {
        try await withFixture { fixture in
            fixture.hub.addFile(repo: repo, path: path, bytes: bytes)
            try FileManager.default.createDirectory(atPath: fixture.directory + "/models", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: fixture.partPath, withDestinationPath: "/dev/full")

            let error = await fixture.failure()

            #expect(error?.code == .diskFull)
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: fixture.partPath)) == nil)
            #expect(!fixture.exists(fixture.destination))
            #expect(fixture.contentRequests.count == 1)
        }
    }
}
