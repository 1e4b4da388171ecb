import Foundation
import HangarCore
import HangarTesting
import Jobs
import Storage
import Synchronization
import Testing

/// Runs that fail unexpectedly or are abandoned: retried after growing delays, a limited
/// number of times; a handler's own `JobFailure`, a cancel and a shutdown are not retries.
@Suite(.timeLimit(.minutes(1))) struct JobRetryTests {
    struct Flaky: Error {}

    /// The states of a job's status events, in order.
    static func statusEvents(_ harness: Harness, _ id: String) async throws -> [Job] {
        try await harness.bus.storedEvents(after: 0, subjectID: id).filter { $0.action == "status" }.map {
            try JSONDecoder().decode(Job.self, from: Data($0.data.utf8))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anUnexpectedErrorIsRetriedAfterGrowingDelaysThenFailsWithTheLastError(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler { _ in throw Flaky() }
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(300), maxDelay: .seconds(5))
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            // A poll far beyond the test: only the end of each delay can wake the pool.
            try await harness.running(harness.pool([handler], poll: .seconds(600), retry: retry)) {
                let job = try await harness.queue.enqueue(kind: "test", target: "flaky").job
                let failed = try await harness.waitFor(job.id, state: .failed)
                #expect(handler.runs[job.id] == 3)
                #expect(failed.attempts == 3)
                #expect(failed.errorCode == "internal_error" && failed.runAfter == nil && failed.finishedAt != nil)
                await handler.expectTransitions(job.id, [.queued, .running, .queued, .running, .queued, .running, .failed])

                let events = try await Self.statusEvents(harness, job.id)
                #expect(events.map(\.state) == [.queued, .running, .queued, .running, .queued, .running, .failed])
                // Each retry waits in the queue with the error that sent it back, until a time
                // that grows with the attempts; the next run starts no earlier.
                let retries = events.filter { $0.state == .queued && $0.attempts > 0 }
                let runs = events.filter { $0.state == .running }
                try #require(retries.count == 2 && runs.count == 3)
                var waits: [TimeInterval] = []
                for (index, retried) in retries.enumerated() {
                    #expect(retried.errorCode == "internal_error" && retried.errorMessage?.isEmpty == false)
                    let queuedAt = try #require(Timestamp.parse(retried.updatedAt))
                    let due = try #require(retried.runAfter.flatMap(Timestamp.parse))
                    let started = try #require(runs[index + 1].startedAt.flatMap(Timestamp.parse))
                    #expect(started >= due, "run \(index + 2) started before its retry time")
                    waits.append(due.timeIntervalSince(queuedAt))
                }
                #expect(abs(waits[0] - 0.3) < 0.05 && abs(waits[1] - 0.6) < 0.05, "delays \(waits)")
            }
        }
    }

    /// `JobFailure` is the handler's verdict: no retry.
    @Test(arguments: TestDatabases.engines)
    func aJobFailureFailsAtOnce(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler { _ in throw JobFailure(code: .notFound, message: "The file is gone.") }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            try await harness.running(harness.pool([handler])) {
                let job = try await harness.queue.enqueue(kind: "test", target: "final").job
                let failed = try await harness.waitFor(job.id, state: .failed)
                #expect(failed.attempts == 1 && failed.errorCode == "not_found")
                #expect(handler.runs[job.id] == 1)
            }
        }
    }

    /// A run whose worker vanished (lease expired) is a failed attempt: the job waits out a
    /// retry delay, or fails when it has no attempt left; the handler does not run it then.
    @Test(arguments: TestDatabases.engines)
    func anExpiredLeaseCostsAnAttempt(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler()
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(200), maxDelay: .seconds(1))
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let expired = Timestamp.format(Date().addingTimeInterval(-1))
            let lastChance = try await harness.insertRunningJob(target: "spent", owner: "vanished", leaseExpiresAt: expired, attempts: 3)
            let again = try await harness.insertRunningJob(target: "again", owner: "vanished", leaseExpiresAt: expired, attempts: 1)
            try await harness.running(harness.pool([handler], poll: .milliseconds(50), retry: retry)) {
                let failed = try await harness.waitFor(lastChance, state: .failed)
                #expect(failed.errorCode == "job_interrupted" && failed.attempts == 3 && failed.finishedAt != nil)
                let done = try await harness.waitFor(again, state: .succeeded)
                #expect(done.attempts == 2 && done.errorCode == nil)
                let events = try await Self.statusEvents(harness, again)
                try #require(events.map(\.state) == [.queued, .running, .succeeded])
                let retried = events[0]
                #expect(retried.errorCode == "job_interrupted")
                let due = try #require(retried.runAfter.flatMap(Timestamp.parse))
                #expect(try #require(events[1].startedAt.flatMap(Timestamp.parse)) >= due)
                #expect(handler.runs[lastChance] == nil && handler.runs[again] == 1)
                await handler.expectTransitions(lastChance, [.failed])
            }
        }
    }

    /// A job that kept taking its process down (left running at each start) stops being
    /// retried once its attempts are spent, instead of crashing every start.
    @Test(arguments: TestDatabases.engines)
    func aJobLeftRunningAtEachStartFailsOnceItsAttemptsAreSpent(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler()
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let lease = Timestamp.format(Date().addingTimeInterval(3600))
            let id = try await harness.insertRunningJob(
                target: "crasher", owner: "previous-process", leaseExpiresAt: lease, attempts: JobWorkerPool.defaultRetry.maxAttempts)
            try await harness.running(harness.pool([handler], reclaimOnStart: true)) {
                let failed = try await harness.waitFor(id, state: .failed)
                #expect(failed.errorCode == "job_interrupted")
                #expect(failed.attempts == JobWorkerPool.defaultRetry.maxAttempts)
            }
            #expect(handler.runs[id] == nil)
        }
    }

    /// A cancel wins over a pending retry: the job stays canceled and never runs again.
    @Test(arguments: TestDatabases.engines)
    func aCancelWinsOverAPendingRetry(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler { context in if context.job.target == "flaky" { throw Flaky() } }
        // Long enough that the cancel surely comes first, even on a loaded machine.
        let retry = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(2), maxDelay: .seconds(2))
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            try await harness.running(harness.pool([handler], retry: retry)) {
                let job = try await harness.queue.enqueue(kind: "test", target: "flaky").job
                let waiting = try await harness.waitFor(job.id, "retry pending") { $0.state == .queued && $0.runAfter != nil }
                #expect(try await harness.queue.cancel(id: job.id)?.state == .canceled)
                let due = try #require(waiting.runAfter.flatMap(Timestamp.parse))
                // Time passing is the point here, not an event: a job enqueued once the retry
                // time is over is claimed in a round where the canceled one would have been due.
                try await Task.sleep(for: .milliseconds(Int64(max(0, due.timeIntervalSinceNow) * 1000) + 50))
                let later = try await harness.queue.enqueue(kind: "test", target: "later").job
                try await harness.waitFor(later.id, state: .succeeded)
                #expect(handler.runs[job.id] == 1)
                let canceled = try #require(try await harness.queue.job(id: job.id))
                #expect(canceled.state == .canceled && canceled.runAfter == nil)
                #expect(try await Self.statusEvents(harness, job.id).map(\.state) == [.queued, .running, .queued, .canceled])
            }
        }
    }

    /// Stops by graceful shutdown are not attempts: a job interrupted more times than the
    /// limit still runs to its end.
    @Test(arguments: TestDatabases.engines)
    func shutdownsDoNotSpendAttempts(_ engine: DatabaseEngine) async throws {
        let interruptions = JobWorkerPool.defaultRetry.maxAttempts + 1
        let started = Mutex(0)
        let running = AsyncStream.makeStream(of: Int.self)
        let handler = TestHandler { _ in
            let run = started.withLock { count in
                count += 1
                return count
            }
            if run <= interruptions {
                running.continuation.yield(run)
                try await blockUntilCancelled()
            }
        }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let job = try await harness.queue.enqueue(kind: "test", target: "patient").job
            for _ in 1...interruptions {
                try await harness.running(harness.pool([handler])) { for await _ in running.stream { break } }
                #expect(try await harness.queue.job(id: job.id)?.state == .queued)
            }
            let done = try await harness.running(harness.pool([handler])) { try await harness.waitFor(job.id, state: .succeeded) }
            #expect(done.attempts == 1)
            #expect(handler.runs[job.id] == interruptions + 1)
        }
    }
}
