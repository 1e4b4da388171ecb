import Foundation
import HangarTesting
import Logging
import Synchronization
import Testing

@testable import LocalModels

/// Short backoffs so a suite of retries runs in seconds; a stall deadline long enough that a
/// transfer slowed by 2 cores busy with the whole suite is not taken for a stall (tests of
/// stalls set their own).
extension DownloadPolicy {
    static func fast(
        maxAttempts: Int = 4, stallTimeout: Duration = .seconds(3), maxRetryAfter: Duration = .seconds(5),
        progressInterval: Duration = .milliseconds(20)
    ) -> DownloadPolicy {
        DownloadPolicy(
            maxAttempts: maxAttempts, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50),
            maxRetryAfter: maxRetryAfter, stallTimeout: stallTimeout, connectTimeout: .seconds(5),
            progressInterval: progressInterval)
    }
}

/// A directory of its own for each test, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-dl-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Everything a download test needs: a fake Hub, a place on disk, and a downloader.
struct DownloadFixture {
    let hub: FakeHub
    let directory: String
    let logs: LogCapture

    var destination: String { directory + "/models/model.gguf" }
    var partPath: String { destination + ".part" }

    func downloader(_ policy: DownloadPolicy = .fast()) -> HubDownloader {
        HubDownloader(policy: policy, logger: logs.logger(label: "hangar.downloads.test"))
    }

    func request(
        repo: String = "acme/tiny-GGUF", revision: String = "main", file: String = "tiny-Q4_0.gguf", token: String? = nil,
        endpoint: String? = nil
    ) -> HubDownloadRequest {
        HubDownloadRequest(
            endpoint: endpoint ?? hub.hubURL, file: HubFileReference(repo: repo, revision: revision, file: file),
            token: token, destination: destination)
    }

    func download(
        _ request: HubDownloadRequest? = nil, policy: DownloadPolicy = .fast(), progress: ProgressLog = ProgressLog()
    ) async throws -> DownloadResult {
        try await downloader(policy).download(request ?? self.request(), progress: progress.record)
    }

    /// The error a download ends with; fails the test if it succeeds.
    func failure(_ request: HubDownloadRequest? = nil, policy: DownloadPolicy = .fast()) async -> DownloadError? {
        do {
            _ = try await download(request, policy: policy)
            Issue.record("the download succeeded")
            return nil
        } catch let error as DownloadError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    var contentRequests: [FakeHubRequest] { hub.requests.filter(\.isContent) }
    var resolveRequests: [FakeHubRequest] { hub.requests.filter { $0.path.contains("/resolve/") } }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
    func bytes(at path: String) -> [UInt8] { (FileManager.default.contents(atPath: path)).map(Array.init) ?? [] }

    func writePart(_ bytes: [UInt8]) throws {
        try FileManager.default.createDirectory(
            atPath: (partPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: partPath))
    }
}

func withFixture<T: Sendable>(cdn: FakeHub.CDN = .otherOrigin, _ body: (DownloadFixture) async throws -> T) async throws -> T {
    try await withTemporaryDirectory { directory in
        try await FakeHub.withHub(cdn: cdn) { hub in
            try await body(DownloadFixture(hub: hub, directory: directory, logs: LogCapture()))
        }
    }
}

/// Every progress report of a download, in order.
final class ProgressLog: Sendable {
    private let reports = Mutex<[DownloadProgress]>([])

    var all: [DownloadProgress] { reports.withLock { $0 } }

    var record: @Sendable (DownloadProgress) async -> Void {
        { report in self.reports.withLock { $0.append(report) } }
    }
}
