import Foundation
import HangarCore
import HangarTesting
import Jobs
import Storage
import Synchronization
import Testing

/// Running jobs: outcomes, hooks, concurrency limits, exactly-once claims, progress.
@Suite(.timeLimit(.minutes(1))) struct JobWorkerPoolTests {
    @Test(arguments: TestDatabases.engines)
    func aJobRunsToSuccessAndEveryTransitionIsAnnounced(_ engine: DatabaseEngine) async throws {
        let payloads = Mutex<[String?]>([])
        let handler = TestHandler { context in payloads.withLock { $0.append(context.payload) } }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            // A long poll interval: the enqueue event must wake the pool.
            let pool = harness.pool([handler], poll: .seconds(60))
            try await harness.running(pool) {
                let job = try await harness.queue.enqueue(kind: "test", target: "t", payload: "{\"repo\":\"x\"}").job
                let done = try await harness.waitFor(job.id, state: .succeeded)
                #expect(done.attempts == 1)
                #expect(done.startedAt != nil && done.finishedAt != nil)
                #expect(done.errorCode == nil && done.errorMessage == nil)
                await handler.expectTransitions(job.id, [.queued, .running, .succeeded])
                #expect(payloads.withLock { $0 } == ["{\"repo\":\"x\"}"])
                let states = try await harness.bus.storedEvents(after: 0, subjectID: job.id).map {
                    try JSONDecoder().decode(Job.self, from: Data($0.data.utf8)).state
                }
                #expect(states == [.queued, .running, .succeeded])
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func failuresAreStoredWithTheirCodeOrAsInternalErrors(_ engine: DatabaseEngine) async throws {
        struct Secret: Error { let detail = "password=hunter2" }
        let handler = TestHandler { context in
            if context.job.target == "clear" { throw JobFailure(code: .notFound, message: "The file is gone.") }
            throw Secret()
        }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            try await harness.running(harness.pool([handler])) {
                let clear = try await harness.queue.enqueue(kind: "test", target: "clear").job
                let other = try await harness.queue.enqueue(kind: "test", target: "other").job
                let failed = try await harness.waitFor(clear.id, state: .failed)
                #expect(failed.errorCode == "not_found" && failed.errorMessage == "The file is gone.")
                let unexpected = try await harness.waitFor(other.id, state: .failed)
                #expect(unexpected.errorCode == "internal_error")
                #expect(unexpected.errorMessage?.contains("hunter2") == false)
                await handler.expectTransitions(clear.id, [.queued, .running, .failed])
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func concurrencyIsLimitedPerKind(_ engine: DatabaseEngine) async throws {
        let release = Latch()
        let slow = TestHandler(kind: "slow", concurrency: 2) { _ in await release.wait() }
        let fast = TestHandler(kind: "fast", concurrency: 1)
        try await Harness.withFresh(engine, handlers: [slow, fast]) { harness in
            try await harness.running(harness.pool([slow, fast], poll: .milliseconds(50))) {
                var ids: [String] = []
                for index in 0..<6 { ids.append(try await harness.queue.enqueue(kind: "slow", target: "s\(index)").job.id) }
                try await eventually("two slow jobs running") { slow.inFlight == 2 }
                // Other kinds are not held up by a full kind.
                let quick = try await harness.queue.enqueue(kind: "fast", target: "f").job
                try await harness.waitFor(quick.id, state: .succeeded)
                // A few poll rounds later still only two run.
                try await Task.sleep(for: .milliseconds(300))
                #expect(slow.inFlight == 2)
                #expect(try await harness.queue.list(kind: "slow", state: .running).count == 2)
                release.open()
                for id in ids { try await harness.waitFor(id, state: .succeeded) }
                #expect(slow.maxInFlight == 2)
            }
        }
    }

    /// Two pools (on PostgreSQL two replicas, each with its own store) share one queue:
    /// every job runs exactly once.
    @Test(arguments: TestDatabases.engines)
    func twoPoolsRunEachJobExactlyOnce(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler(concurrency: 3) { _ in try await Task.sleep(for: .milliseconds(Int.random(in: 0...20))) }
        let location = try await TestDatabases.makeLocation(engine)
        try await TestDatabases.withStore(location) { first in
            try await Harness.with(first, handlers: [handler]) { a in
                let work: @Sendable (Harness) async throws -> Void = { b in
                    try await a.running(a.pool([handler], owner: "A")) {
                        try await b.running(b.pool([handler], owner: "B")) {
                            // Enqueued one after the other (concurrent enqueues have their own test):
                            // the pools claim while jobs keep arriving.
                            var ids: [String] = []
                            for index in 0..<30 {
                                let queue = index % 2 == 0 ? a.queue : b.queue
                                ids.append(try await queue.enqueue(kind: "test", target: "t\(index)").job.id)
                            }
                            for id in ids { try await a.waitFor(id, state: .succeeded, timeout: .seconds(20)) }
                            #expect(handler.runs.count == 30)
                            #expect(handler.runs.values.allSatisfy { $0 == 1 })
                            let statusEvents = try await a.bus.storedEvents(after: 0, limit: 1000).filter { $0.action == "status" }
                            #expect(statusEvents.count == 90)  // queued, running, succeeded for each
                        }
                    }
                }
                if engine == .postgres {
                    try await TestDatabases.withStore(location) { second in try await Harness.with(second, handlers: [handler], work) }
                } else {
                    try await work(a)
                }
            }
        }
    }

    /// Progress reported in a burst is stored at most once per interval, and the last value
    /// is always stored with the final state.
    @Test(arguments: TestDatabases.engines)
    func progressIsThrottledAndTheLastValueKept(_ engine: DatabaseEngine) async throws {
        let midway = Latch()
        let finish = Latch()
        let handler = TestHandler { context in
            for done in 1...100 { await context.report(JobProgress(bytesDone: Int64(done), bytesTotal: 300, phase: "download")) }
            midway.open()
            await finish.wait()
            for done in 101...300 { await context.report(JobProgress(bytesDone: Int64(done), bytesTotal: 300, phase: "download")) }
        }
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            try await harness.running(harness.pool([handler], progressInterval: .milliseconds(100))) {
                let job = try await harness.queue.enqueue(kind: "test", target: "t").job
                await midway.wait()
                // The burst's last value is stored (a moment later) while the job still runs.
                let running = try await harness.waitFor(job.id, "progress 100") { $0.progress.bytesDone == 100 }
                #expect(running.state == .running)
                finish.open()
                let done = try await harness.waitFor(job.id, state: .succeeded)
                #expect(done.progress == JobProgress(bytesDone: 300, bytesTotal: 300, phase: "download"))
                let progressEvents = try await harness.bus.storedEvents(after: 0, subjectID: job.id).filter { $0.action == "progress" }
                #expect(progressEvents.count >= 1 && progressEvents.count <= 6, "\(progressEvents.count) progress events")
            }
        }
    }

    /// A hook may change jobs itself (here: a finished job queues a follow-up) without
    /// waiting on the hook order it is part of.
    @Test(arguments: TestDatabases.engines)
    func aHookCanEnqueueAnotherJob(_ engine: DatabaseEngine) async throws {
        let followUp = TestHandler(kind: "follow-up")
        let queueBox = Mutex<JobQueue?>(nil)
        let first = ChainingHandler { job in
            guard job.state == .succeeded, let queue = queueBox.withLock({ $0 }) else { return }
            _ = try? await queue.enqueue(kind: "follow-up", target: job.target)
        }
        try await Harness.withFresh(engine, handlers: [first, followUp]) { harness in
            queueBox.withLock { $0 = harness.queue }
            try await harness.running(harness.pool([first, followUp])) {
                let job = try await harness.queue.enqueue(kind: "chain", target: "t").job
                try await harness.waitFor(job.id, state: .succeeded)
                try await eventually("follow-up enqueued") { !followUp.runs.isEmpty }
                let next = try #require(try await harness.queue.latestJob(kind: "follow-up", target: "t"))
                try await harness.waitFor(next.id, state: .succeeded)
            }
        }
    }
}

/// Runs instantly and calls `onChange` from its hook.
struct ChainingHandler: JobHandler {
    let kind = "chain"
    let concurrency = 1
    let onChange: @Sendable (Job) async -> Void

    func run(_ context: JobContext) async throws {}
    func stateChanged(_ job: Job) async { await onChange(job) }
}
