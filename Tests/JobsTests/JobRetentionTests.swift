import Foundation
import HangarCore
import HangarTesting
import Jobs
import Storage
import Synchronization
import Testing

/// Finished jobs are kept for the retention in effect, then deleted; active jobs never are.
@Suite(.timeLimit(.minutes(1))) struct JobRetentionTests {
    static let month = Duration.seconds(30 * 86_400)

    @Test(arguments: TestDatabases.engines)
    func pruningDeletesOnlyFinishedJobsPastTheRetention(_ engine: DatabaseEngine) async throws {
        try await Harness.withFresh(engine, handlers: []) { harness in
            let db = harness.database
            var old: [String] = []
            for state in [JobState.succeeded, .failed, .canceled] {
                old.append(
                    try await TestJobs.insert(db, target: "old-\(state)", state: state, createdAt: .daysAgo(41), finishedAt: .daysAgo(40)))
            }
            let kept = [
                try await TestJobs.insert(db, target: "recent", state: .succeeded, createdAt: .daysAgo(40), finishedAt: .daysAgo(29)),
                try await TestJobs.insert(db, target: "waiting", state: .queued, createdAt: .daysAgo(400)),
                try await TestJobs.insert(
                    db, target: "long", state: .running, createdAt: .daysAgo(400), owner: "w", leaseExpiresAt: Date().addingTimeInterval(60)
                ),
            ]
            // Batches smaller than the backlog: pruning goes on until none is left.
            #expect(try await harness.queue.pruneFinished(olderThan: Self.month, batch: 2) == 3)
            #expect(try await TestJobs.ids(db) == kept.sorted())
            #expect(try await harness.queue.pruneFinished(olderThan: Self.month) == 0)
        }
    }

    /// The pool reads the retention at each prune, so a changed setting applies to the next one.
    @Test(arguments: TestDatabases.engines)
    func thePoolPrunesWithTheRetentionInEffect(_ engine: DatabaseEngine) async throws {
        let days = Mutex(30)
        try await Harness.withFresh(engine, handlers: []) { harness in
            let forty = try await TestJobs.insert(harness.database, target: "forty", state: .succeeded, finishedAt: .daysAgo(40))
            let ten = try await TestJobs.insert(harness.database, target: "ten", state: .failed, finishedAt: .daysAgo(10))
            let today = try await TestJobs.insert(harness.database, target: "today", state: .canceled, finishedAt: .daysAgo(0.1))
            let pool = harness.pool([], retention: { .seconds(Int64(days.withLock { $0 }) * 86_400) })
            #expect(await pool.pruneFinishedJobs() == 1)
            #expect(try await TestJobs.ids(harness.database) == [ten, today].sorted())
            days.withLock { $0 = 5 }
            #expect(await pool.pruneFinishedJobs() == 1)
            #expect(try await TestJobs.ids(harness.database) == [today])
            #expect(try await harness.queue.job(id: forty) == nil)
            #expect(await harness.pool([]).pruneFinishedJobs() == nil, "without a retention nothing is pruned")
        }
    }

    /// Replicas prune at the same time (on PostgreSQL each with its own store): together they
    /// delete each old job once, and neither fails nor waits for the other's rows.
    @Test(arguments: TestDatabases.engines)
    func replicasPruneConcurrently(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await TestDatabases.withStore(location) { first in
            try await Harness.with(first, handlers: []) { a in
                for index in 0..<120 {
                    try await TestJobs.insert(first, target: "t\(index)", state: .succeeded, finishedAt: .daysAgo(31))
                }
                try await TestJobs.insert(first, target: "fresh", state: .succeeded)
                let work: @Sendable (Harness) async throws -> Void = { b in
                    let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                        for queue in [a.queue, b.queue, a.queue, b.queue] {
                            group.addTask { try await queue.pruneFinished(olderThan: Self.month, batch: 10) }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(counts.reduce(0, +) == 120, "\(counts)")
                    #expect(try await TestJobs.ids(first).count == 1)
                }
                if engine == .postgres {
                    try await TestDatabases.withStore(location) { second in try await Harness.with(second, handlers: [], work) }
                } else {
                    try await work(a)
                }
            }
        }
    }
}
