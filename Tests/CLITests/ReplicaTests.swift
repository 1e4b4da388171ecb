import Foundation
import HangarTesting
import Storage
import Synchronization
import Testing

/// Two `hangar serve` processes on one PostgreSQL database share the job queue and the events.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ReplicaTests {
    @Test(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs the PostgreSQL server of scripts/test"))
    func fiftyStartsOnTwoReplicasMakeOneJobAndEveryReplicaStreamsItsProgress() async throws {
        try await FakeHub.withHub { hub in
            let bytes = GGUFBuilder.model().build(tensorData: 3 << 20)
            let info = hub.addFile(repo: DownloadRecoveryTests.repo, path: DownloadRecoveryTests.file, bytes: bytes)
            hub.updateFaults(repo: DownloadRecoveryTests.repo, path: DownloadRecoveryTests.file) { $0.bytesPerSecond = 1 << 20 }
            let location = try await TestDatabases.makeLocation(.postgres)
            // One data directory for both: replicas share the models volume.
            let a = try await ServeProcess.start(
                dataDirectory: location.dataDirectory, databaseURL: location.databaseURL, hubEndpoint: hub.hubURL)
            let b = try await ServeProcess.start(
                dataDirectory: location.dataDirectory, databaseURL: location.databaseURL, hubEndpoint: hub.hubURL)
            do {
                try await Self.oneJobSeenEverywhere(
                    LiveHTTP(url: a.url, token: CLIFixture.token), LiveHTTP(url: b.url, token: CLIFixture.token), hub: hub,
                    sha256: info.sha256)
                await a.stop()
                await b.stop()
            } catch {
                await a.stop()
                await b.stop()
                throw error
            }
        }
    }

    static func oneJobSeenEverywhere(_ apiA: LiveHTTP, _ apiB: LiveHTTP, hub: FakeHub, sha256: String) async throws {
        let created = try await apiA.send(.POST, "/api/models", json: DownloadRecoveryTests.createBody(downloadNow: false))
        let modelID = try #require(try created.json()["id"] as? String)

        let jobIDs = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<50 {
                let api = index.isMultiple(of: 2) ? apiA : apiB
                group.addTask { try await api.send(.POST, "/api/models/\(modelID)/download").json()["job_id"] as? String }
            }
            var ids: Set<String?> = []
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(jobIDs.count == 1, "\(jobIDs)")
        let jobID = try #require(jobIDs.first ?? nil)
        let listed = try await apiB.send(.GET, "/api/jobs?target=model:\(modelID)").json()["items"] as? [Any]
        #expect(listed?.count == 1)

        // Whichever replica runs the job, the other one streams its progress too.
        let progressSeen = try await withThrowingTaskGroup(of: Bool.self) { group in
            for api in [apiA, apiB] {
                group.addTask {
                    let seen = Flag()
                    try await api.events("/api/jobs/\(jobID)/events") { event in
                        let progress = try event.json()["progress"] as? [String: Any]
                        if event.name == "progress", (progress?["bytes_done"] as? Int ?? 0) > 0 { seen.set() }
                        return event.name != "done" && event.name != "error"
                    }
                    return seen.isSet
                }
            }
            var all: [Bool] = []
            for try await seen in group { all.append(seen) }
            return all
        }
        #expect(progressSeen == [true, true])
        let model = try await apiA.send(.GET, "/api/models/\(modelID)").json()
        #expect(model["checksum"] as? String == sha256)
        // One download: the file was requested from the CDN once, from byte zero.
        let contentRequests = hub.requests.filter(\.isContent)
        #expect(contentRequests.count == 1, "\(contentRequests.map(\.uri))")
    }
}

final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
