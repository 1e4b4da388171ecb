import App
import Foundation
import HangarCore
import HangarTesting
import Jobs
import Testing

/// A live server on a PostgreSQL of its own, which the test stops and starts again: during
/// the outage requests answer 503 promptly, and afterwards the server serves, runs jobs and
/// delivers events (over LISTEN/NOTIFY) by itself, without a restart of its own.
@Suite(
    .enabled(
        if: PrivatePostgres.binDirectory != nil, "no PostgreSQL server binaries (initdb, pg_ctl): install postgresql or set HANGAR_PG_BIN"))
struct PostgresRestartTests {
    @Test(.timeLimit(.minutes(2)))
    func theServerRecoversByItselfWhenPostgreSQLRestarts() async throws {
        try await PrivatePostgres.with { postgres in
            let databaseURL = try await postgres.createDatabase("hangar")
            try await FakeHub.withHub { hub in
                _ = hub.addFile(repo: LiveDownloads.repo, path: LiveDownloads.file, bytes: DownloadAPITests.model)
                let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "hangar-restart-\(UUID().uuidString.prefix(8))"
                ).path
                var configuration = HangarConfiguration(
                    host: "127.0.0.1", port: 0, dataDirectory: directory, databaseURL: databaseURL, adminToken: TestServer.token,
                    logLevel: .warning, webDirectory: nil)
                configuration.hubEndpoint = hub.hubURL
                let server = configuration
                // A server left hanging by a request that never ends fails the test instead of stalling the run.
                try await giveUp(after: .seconds(100), "the restart scenario") {
                    try await TestServer.withLiveServer(server) { port in
                        let fixture = LiveDownloads.Fixture(
                            http: LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token), hub: hub, dataDirectory: directory)
                        try await Self.outageAndRecovery(fixture, postgres)
                    }
                }
            }
        }
    }

    static func outageAndRecovery(_ fixture: LiveDownloads.Fixture, _ postgres: PrivatePostgres) async throws {
        let http = fixture.http
        #expect(try await http.send(.GET, "/api/models?limit=1").status == 200)
        // Open before the outage, read after it: the stream itself lives in the server.
        let created = AsyncStream.makeStream(of: String.self)
        let events = Task {
            try await http.events("/api/events") { event in
                let json = try event.json()
                if event.name == "model", json["action"] as? String == "created",
                    let name = (json["data"] as? [String: Any])?["name"] as? String
                {
                    created.continuation.yield(name)
                }
                return true
            }
        }
        defer { events.cancel() }
        // A stream starts delivering once it has read where the log stands, which needs the
        // database: a model created now and seen on it shows it is live before the outage.
        try await Self.create("Before Outage", http)
        #expect(try await Self.next(created.stream) == "Before Outage")
        // Requests keep coming while PostgreSQL goes down and comes back, so some hold a
        // connection at the moment it is cut; each must still get an answer.
        let load = Load(http)
        let traffic = Task { await load.run(clients: 8) }

        try await postgres.stop()
        let started = ContinuousClock.now
        let during = try await http.send(.GET, "/api/models?limit=1")
        #expect(during.status == 503, "\(during)")
        #expect((try? during.json()["error"] as? [String: Any])?["code"] as? String == "database_unavailable", "\(during)")
        #expect(ContinuousClock.now - started < .seconds(8), "an outage answers within the wait for a connection (5 s)")
        #expect(try await http.send(.GET, "/health").status == 503)

        try await postgres.start()
        // No signal tells a client that the server got its database back: ask until it answers.
        var answer = try await http.send(.GET, "/api/models?limit=1")
        let deadline = ContinuousClock.now + .seconds(30)
        while answer.status != 200, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            answer = try await http.send(.GET, "/api/models?limit=1")
        }
        try #require(answer.status == 200, "no recovery within 30 s: \(answer)")
        load.stop()
        let seen = try await giveUp(after: .seconds(20), "requests sent across the restart") { await traffic.value }
        #expect(seen.allSatisfy { $0.status == 200 || $0.status == 503 }, "\(seen.filter { $0.status != 200 && $0.status != 503 })")
        #expect(seen.allSatisfy { $0.took < .seconds(10) }, "slowest: \(seen.map(\.took).max() ?? .zero)")

        // Events resume: a model created now reaches the stream opened before the outage.
        try await Self.create("After Restart", http)
        #expect(try await Self.next(created.stream) == "After Restart")

        // Jobs flow again: a download is claimed, runs and finishes.
        let id = try await fixture.createLocal(downloadNow: true)
        let job = try await fixture.finish(job: try await fixture.jobID(ofModel: id))
        #expect(job["state"] as? String == "succeeded", "\(job)")
    }
}

extension PostgresRestartTests {
    static func create(_ name: String, _ http: LiveHTTP) async throws {
        let api = name.lowercased().replacingOccurrences(of: " ", with: "-")
        let model = try await http.send(.POST, "/api/models", json: #"{"provider_id":"openai","name":"\#(name)","api_name":"\#(api)"}"#)
        #expect(model.status == 201, "\(model)")
    }

    /// The next name on `names`, waited for 30 s at most.
    static func next(_ names: AsyncStream<String>) async throws -> String? {
        try await giveUp(after: .seconds(30), "the next model event") {
            var iterator = names.makeAsyncIterator()
            return await iterator.next()
        }
    }
}

/// Clients sending requests in a loop until stopped; each request's status (0 when it threw,
/// a timeout included) and how long it took.
final class Load: Sendable {
    struct Seen: Sendable {
        let status: Int
        let took: Duration
    }

    let http: LiveHTTP
    private let stopped = Latch()

    init(_ http: LiveHTTP) { self.http = http }

    func stop() { stopped.open() }

    func run(clients: Int) async -> [Seen] {
        await withTaskGroup(of: [Seen].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var seen: [Seen] = []
                    let path = client % 2 == 0 ? "/api/models?limit=5" : "/api/jobs?limit=5"
                    while !self.stopped.isOpen {
                        let started = ContinuousClock.now
                        let status = (try? await self.http.send(.GET, path).status) ?? 0
                        seen.append(Seen(status: status, took: ContinuousClock.now - started))
                    }
                    return seen
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
    }
}
