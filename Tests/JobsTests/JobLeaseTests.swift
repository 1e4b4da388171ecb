import Foundation
import HangarCore
import HangarTesting
import Jobs
import SQLKit
import Storage
import Synchronization
import Testing

/// Leases, restarts and shutdown: jobs survive their workers.
@Suite(.timeLimit(.minutes(1))) struct JobLeaseTests {
    /// A job whose worker vanished (lease expired) is re-queued and run by another pool.
    @Test(arguments: TestDatabases.engines)
    func anExpiredLeaseIsReclaimed(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler()
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let id = try await harness.insertRunningJob(
                target: "orphan", owner: "vanished", leaseExpiresAt: Timestamp.format(Date().addingTimeInterval(-1)))
            try await harness.running(harness.pool([handler], poll: .milliseconds(50))) {
                let done = try await harness.waitFor(id, state: .succeeded)
                #expect(done.attempts == 2)
                #expect(handler.runs[id] == 1)
                await handler.expectTransitions(id, [.queued, .running, .succeeded])
            }
        }
    }

    /// A job this pool runs but whose lease another worker took over (ours lapsed) is
    /// stopped here at the next renewal, and the other owner's state is left alone.
    @Test(arguments: TestDatabases.engines)
    func aJobTakenOverIsStoppedAtRenewal(_ engine: DatabaseEngine) async throws {
        let stopped = Latch()
        let handler = TestHandler { _ in
            do { try await blockUntilCancelled() } catch {
                stopped.open()
                throw error
            }
        }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            try await harness.running(harness.pool([handler], lease: .seconds(2))) {
                let job = try await harness.queue.enqueue(kind: "test", target: "t").job
                try await harness.waitFor(job.id, state: .running)
                // The thief holds a long lease, so nothing re-queues the job while we look.
                let thiefLease = Timestamp.format(Date().addingTimeInterval(600))
                try await harness.database.write { sql in
                    try await sql.raw(
                        "UPDATE jobs SET lease_owner = 'thief', lease_expires_at = \(bind: thiefLease) WHERE id = \(bind: job.id)"
                    ).run()
                }
                try await within(.seconds(10), "stop after renewal") { await stopped.wait() }
                try await eventually("slot freed") { handler.inFlight == 0 }
                let after = try #require(try await harness.queue.job(id: job.id))
                #expect(after.state == .running)
                let owner = try await harness.database.read { sql in
                    try await sql.raw("SELECT lease_owner FROM jobs WHERE id = \(bind: job.id)").first()?
                        .decode(column: "lease_owner", as: String.self)
                }
                #expect(owner == "thief")
            }
        }
    }

    /// A short lease kept alive by renewals: the job outlives two lease periods. (Short, but
    /// not so short that a starved test machine misses a renewal and loses the lease.)
    @Test(arguments: TestDatabases.engines)
    func renewalsKeepALongJobAlive(_ engine: DatabaseEngine) async throws {
        // Renewals every 2/3 s on a 2 s lease, and a job of 5 s.
        let handler = TestHandler { _ in try await Task.sleep(for: .seconds(5)) }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let a = harness.pool([handler], owner: "A", lease: .seconds(2), poll: .milliseconds(50))
            let b = harness.pool([handler], owner: "B", lease: .seconds(2), poll: .milliseconds(50))
            try await harness.running(a) {
                try await harness.running(b) {
                    let job = try await harness.queue.enqueue(kind: "test", target: "long").job
                    let done = try await harness.waitFor(job.id, state: .succeeded)
                    #expect(done.attempts == 1)
                    #expect(handler.runs[job.id] == 1)
                }
            }
        }
    }

    /// After a crash (jobs left running, leases still valid), a pool with reclaimOnStart
    /// runs them again once the first retry delay is over, without waiting for its poll.
    @Test(arguments: TestDatabases.engines)
    func reclaimOnStartResumesJobsLeftRunning(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler()
        let location = try await TestDatabases.makeLocation(engine)
        let id = try await TestDatabases.withStore(location) { database in
            try await Harness.with(database, handlers: [handler]) { harness in
                try await harness.insertRunningJob(
                    target: "crashed", owner: "previous-process", leaseExpiresAt: Timestamp.format(Date().addingTimeInterval(3600)))
            }
        }
        try await TestDatabases.withStore(location) { database in
            try await Harness.with(database, handlers: [handler]) { harness in
                try await harness.running(harness.pool([handler], poll: .seconds(60), reclaimOnStart: true)) {
                    let done = try await harness.waitFor(id, state: .succeeded)
                    #expect(done.attempts == 2)
                    await handler.expectTransitions(id, [.queued, .running, .succeeded])
                }
            }
        }
    }

    /// A graceful shutdown puts running jobs back in the queue, without counting the run as
    /// an attempt; the next start resumes them.
    @Test(arguments: TestDatabases.engines)
    func gracefulShutdownRequeuesAndTheNextStartResumes(_ engine: DatabaseEngine) async throws {
        let firstRun = Latch()
        let runs = Mutex(0)
        let handler = TestHandler { context in
            if runs.withLock({
                $0 += 1
                return $0
            }) == 1 {
                await context.report(JobProgress(bytesDone: 10, phase: "download"))
                firstRun.open()
                try await blockUntilCancelled()
            }
        }
        let location = try await TestDatabases.makeLocation(engine)
        let id = try await TestDatabases.withStore(location) { database in
            try await Harness.with(database, handlers: [handler]) { harness in
                let id = try await harness.running(harness.pool([handler])) {
                    let job = try await harness.queue.enqueue(kind: "test", target: "resumable").job
                    await firstRun.wait()
                    return job.id
                }
                let requeued = try #require(try await harness.queue.job(id: id))
                #expect(requeued.state == .queued)
                #expect(requeued.attempts == 0 && requeued.errorCode == nil && requeued.finishedAt == nil && requeued.runAfter == nil)
                #expect(requeued.progress.bytesDone == 10)
                await handler.expectTransitions(id, [.queued, .running, .queued])
                let lease = try await database.read { sql in
                    try await sql.raw("SELECT lease_owner FROM jobs WHERE id = \(bind: id)").first()?
                        .decode(column: "lease_owner", as: String?.self)
                }
                #expect(lease == .some(nil))
                return id
            }
        }
        try await TestDatabases.withStore(location) { database in
            try await Harness.with(database, handlers: [handler]) { harness in
                try await harness.running(harness.pool([handler])) {
                    let done = try await harness.waitFor(id, state: .succeeded)
                    #expect(done.attempts == 1)
                }
            }
        }
    }
}
