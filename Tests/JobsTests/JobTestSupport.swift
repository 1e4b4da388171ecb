import Foundation
import HangarCore
import HangarTesting
import Jobs
import Logging
import SQLKit
import ServiceLifecycle
import Storage
import Synchronization
import Testing

/// A handler whose behaviour each test supplies; it records runs, hook calls and how many
/// of its jobs ran at once.
final class TestHandler: JobHandler {
    struct Record {
        var runs: [String: Int] = [:]
        var transitions: [(id: String, state: JobState)] = []
        var inFlight = 0
        var maxInFlight = 0
    }

    let kind: String
    let concurrency: Int
    let body: @Sendable (JobContext) async throws -> Void
    let record = Mutex(Record())
    /// Opened when a run starts (tests wait on it).
    let started = Latch()

    init(kind: String = "test", concurrency: Int = 4, body: @escaping @Sendable (JobContext) async throws -> Void = { _ in }) {
        self.kind = kind
        self.concurrency = concurrency
        self.body = body
    }

    func run(_ context: JobContext) async throws {
        record.withLock { record in
            record.runs[context.job.id, default: 0] += 1
            record.inFlight += 1
            record.maxInFlight = max(record.maxInFlight, record.inFlight)
        }
        started.open()
        defer { record.withLock { $0.inFlight -= 1 } }
        try await body(context)
    }

    func stateChanged(_ job: Job) async {
        record.withLock { $0.transitions.append((job.id, job.state)) }
    }

    func transitions(of id: String) -> [JobState] {
        record.withLock { $0.transitions.filter { $0.id == id }.map(\.state) }
    }

    /// Waits until the hooks for `id` saw exactly `expected` (hooks run after the commit, so
    /// just after the event that a test waits for).
    func expectTransitions(_ id: String, _ expected: [JobState], sourceLocation: SourceLocation = #_sourceLocation) async {
        do {
            try await eventually("hooks \(expected)", timeout: .seconds(5)) { self.transitions(of: id) == expected }
        } catch {
            Issue.record("hooks of \(id): \(transitions(of: id)), expected \(expected)", sourceLocation: sourceLocation)
        }
    }

    var runs: [String: Int] { record.withLock { $0.runs } }
    var maxInFlight: Int { record.withLock { $0.maxInFlight } }
    var inFlight: Int { record.withLock { $0.inFlight } }
}

/// A database with a running event bus and a queue over it.
struct Harness: Sendable {
    let database: any Database
    let bus: EventBus
    let queue: JobQueue

    init(database: any Database, bus: EventBus, handlers: [any JobHandler]) {
        self.database = database
        self.bus = bus
        self.queue = JobQueue(database: database, events: bus, handlers: handlers, logger: TestDatabases.logger)
    }

    /// Runs a bus over `database` while `body` runs.
    static func with<T: Sendable>(
        _ database: any Database, handlers: [any JobHandler], _ body: @escaping @Sendable (Harness) async throws -> T
    ) async throws -> T {
        let bus = EventBus(database: database, logger: TestDatabases.logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await bus.run()
                return nil
            }
            defer { group.cancelAll() }
            try await within(.seconds(10), "event bus start") { await bus.ready() }
            return try await body(Harness(database: database, bus: bus, handlers: handlers))
        }
    }

    static func withFresh(
        _ engine: DatabaseEngine, handlers: [any JobHandler], _ body: @escaping @Sendable (Harness) async throws -> Void
    ) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await with(database, handlers: handlers, body)
        }
    }

    /// The pool's defaults but for the retry delays, short so tests that end in a retry stay fast.
    func pool(
        _ handlers: [any JobHandler], owner: String = JobWorkerPool.defaultOwner(), lease: Duration = .seconds(30),
        poll: Duration = .milliseconds(200), progressInterval: Duration = .milliseconds(250), reclaimOnStart: Bool = false,
        retry: RetryPolicy = Self.quickRetry, retention: (@Sendable () async -> Duration)? = nil
    ) -> JobWorkerPool {
        JobWorkerPool(
            queue: queue, events: bus, handlers: handlers, logger: Self.poolLogger, owner: owner,
            leaseDuration: lease, pollInterval: poll, progressInterval: progressInterval, reclaimOnStart: reclaimOnStart,
            retry: retry, retention: retention)
    }

    static let quickRetry = RetryPolicy(
        maxAttempts: JobWorkerPool.defaultRetry.maxAttempts, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))

    static let poolLogger: Logger = {
        var logger = Logger(label: "pool")
        logger.logLevel = ProcessInfo.processInfo.environment["JOBS_TEST_LOG"] != nil ? .debug : .error
        return logger
    }()

    /// Runs `pool` in a service group while `body` runs, then shuts it down gracefully.
    func running<T: Sendable>(_ pool: JobWorkerPool, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [pool], logger: TestDatabases.logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            do {
                let result = try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }

    /// Waits (through the job's event stream, replayed from the start) until the job
    /// satisfies `condition`; returns it as read from the database then.
    @discardableResult
    func waitFor(
        _ id: String, timeout: Duration = .seconds(10), _ what: String = "job state",
        until condition: @escaping @Sendable (Job) -> Bool
    ) async throws -> Job {
        let stream = bus.subscribe(after: 0, subjectID: id)
        try await within(timeout, "\(what) of \(id)") {
            for await event in stream {
                if let job = try? JSONDecoder().decode(Job.self, from: Data(event.data.utf8)), condition(job) { return }
            }
            throw GaveUp(description: "event stream of \(id) ended")
        }
        return try #require(try await queue.job(id: id))
    }

    @discardableResult
    func waitFor(_ id: String, state: JobState, timeout: Duration = .seconds(10)) async throws -> Job {
        try await waitFor(id, timeout: timeout, "state \(state)") { $0.state == state }
    }

    /// Writes a job row as a crashed (or vanished) worker leaves it.
    func insertRunningJob(kind: String = "test", target: String, owner: String, leaseExpiresAt: String, attempts: Int = 1) async throws
        -> String
    {
        try await TestJobs.insert(
            database, kind: kind, target: target, state: .running, attempts: attempts, owner: owner,
            leaseExpiresAt: Timestamp.parse(leaseExpiresAt))
    }
}

/// Blocks a handler until the test lets it go (or its task is cancelled).
func blockUntilCancelled() async throws {
    try await Task.sleep(for: .seconds(3600))
}
