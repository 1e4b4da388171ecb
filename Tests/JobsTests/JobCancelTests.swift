import Foundation
import HangarCore
import HangarTesting
import Jobs
import Storage
import Synchronization
import Testing

/// Canceling running jobs, here and on another replica; a late completion never wins.
@Suite(.timeLimit(.minutes(1))) struct JobCancelTests {
    @Test(arguments: TestDatabases.engines)
    func cancelingARunningJobStopsItsHandler(_ engine: DatabaseEngine) async throws {
        let sawCancellation = Latch()
        let blocker = TestHandler(concurrency: 1) { context in
            guard context.job.target == "blocked" else { return }
            do {
                try await blockUntilCancelled()
            } catch is CancellationError {
                sawCancellation.open()
                throw CancellationError()
            }
        }
        try await Harness.withFresh(engine, handlers: [blocker]) { harness in
            try await harness.running(harness.pool([blocker])) {
                let job = try await harness.queue.enqueue(kind: "test", target: "blocked").job
                try await harness.waitFor(job.id, state: .running)
                let canceled = try #require(try await harness.queue.cancel(id: job.id))
                #expect(canceled.state == .canceled)
                // The cancel travels as an event (LISTEN/NOTIFY on PostgreSQL); a late or lost one
                // is caught by the bus's catch-up read every 5 s, so under a loaded machine the
                // bound leaves room for one of those, not only for the notification.
                try await within(.seconds(15), "handler cancellation") { await sawCancellation.wait() }
                // The slot is free again (concurrency 1): the next job runs, so the first
                // one's ending has been handled, and it stayed canceled.
                let next = try await harness.queue.enqueue(kind: "test", target: "next").job
                try await harness.waitFor(next.id, state: .succeeded)
                #expect(try await harness.queue.job(id: job.id) == canceled)
                await blocker.expectTransitions(job.id, [.queued, .running, .canceled])
            }
        }
    }

    /// A handler that ignores cancellation and returns: the job stays canceled.
    @Test(arguments: TestDatabases.engines)
    func aLateSuccessDoesNotOverwriteTheCancel(_ engine: DatabaseEngine) async throws {
        let canceledInDatabase = Latch()
        let stubborn = TestHandler(concurrency: 1) { context in
            guard context.job.target == "stubborn" else { return }
            await canceledInDatabase.wait()
            await context.report(JobProgress(percent: 100))
        }
        try await Harness.withFresh(engine, handlers: [stubborn]) { harness in
            try await harness.running(harness.pool([stubborn])) {
                let job = try await harness.queue.enqueue(kind: "test", target: "stubborn").job
                try await harness.waitFor(job.id, state: .running)
                let canceled = try #require(try await harness.queue.cancel(id: job.id))
                canceledInDatabase.open()
                let next = try await harness.queue.enqueue(kind: "test", target: "next").job
                try await harness.waitFor(next.id, state: .succeeded)
                #expect(try await harness.queue.job(id: job.id) == canceled)
            }
        }
    }

    /// Replica A cancels a job running on replica B: B's handler stops well before any
    /// lease renewal could have told it (leases here are long).
    @Test(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs HANGAR_TEST_POSTGRES_URL"))
    func aCancelOnOneReplicaStopsTheJobOnAnother() async throws {
        let sawCancellation = Latch()
        let blocker = TestHandler { _ in
            do { try await blockUntilCancelled() } catch {
                sawCancellation.open()
                throw error
            }
        }
        let location = try await TestDatabases.makeLocation(.postgres)
        try await TestDatabases.withStore(location) { first in
            try await TestDatabases.withStore(location) { second in
                try await Harness.with(first, handlers: []) { a in
                    try await Harness.with(second, handlers: [blocker]) { b in
                        try await b.running(b.pool([blocker], lease: .seconds(60), poll: .seconds(60))) {
                            let job = try await a.queue.enqueue(kind: "test", target: "remote").job
                            try await a.waitFor(job.id, state: .running)
                            let start = ContinuousClock.now
                            _ = try await a.queue.cancel(id: job.id)
                            try await within(.seconds(5), "remote cancellation") { await sawCancellation.wait() }
                            #expect(ContinuousClock.now - start < .seconds(5))
                            try await eventually("slot freed") { blocker.inFlight == 0 }
                            #expect(try await b.queue.job(id: job.id)?.state == .canceled)
                        }
                    }
                }
            }
        }
    }
}
