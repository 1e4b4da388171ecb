import Foundation
import HangarCore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs queued jobs with the handlers of their kind, at most `concurrency` of a kind at once
/// in this process.
///
/// A job is claimed under a lease (`leaseDuration`, renewed every third of it) so that
/// replicas share the queue: on PostgreSQL claims skip rows another replica is claiming, and
/// a job whose owner died (its lease expired) is put back in the queue and claimed again.
/// The pool wakes up at once when a job is enqueued anywhere (it listens to job status
/// events) and polls every `pollInterval` as a safety net. A cancel stops the handler within
/// moments, in whichever replica runs it.
///
/// A run that fails on an unexpected error (not a `JobFailure`), or that is abandoned (its
/// lease expired, or it was left running by the previous process), counts as a failed
/// attempt: the job goes back to the queue with a delay growing with its attempts (`retry`),
/// and fails with the last error once `retry.maxAttempts` runs were made. The pool wakes up
/// when a delay is over.
///
/// On graceful shutdown running handlers are cancelled and their jobs go back to the queue
/// (not failed, not canceled, and the run not counted), so the next start resumes them.
///
/// With a `retention`, the pool also deletes finished jobs older than it every
/// `pruneInterval` (and whenever `pruneFinishedJobs()` is called, as the server does at start).
public final class JobWorkerPool: Service, Sendable {
    let queue: JobQueue
    let events: EventBus
    let handlers: [String: any JobHandler]
    let logger: Logger
    /// This pool's name in `lease_owner`.
    public let owner: String
    let leaseDuration: Duration
    let pollInterval: Duration
    let progressInterval: Duration
    let reclaimOnStart: Bool
    let retry: RetryPolicy
    let retention: (@Sendable () async -> Duration)?
    let pruneInterval: Duration

    let wakeUp = Doorbell()
    let state = Mutex(State())

    struct State {
        var runs: [String: JobRun] = [:]
        var running: [String: Int] = [:]
        var stopping = false
    }

    /// - Parameters:
    ///   - reclaimOnStart: treat every job left `running` as abandoned at start. Only right
    ///     when no other process can be running them (SQLite: one process per file).
    ///   - retry: how often and after how long a failed or abandoned run is tried again.
    ///   - retention: how long finished jobs are kept, read before each prune (a setting may
    ///     change it at runtime); nil keeps them forever.
    public init(
        queue: JobQueue, events: EventBus, handlers: [any JobHandler], logger: Logger,
        owner: String = JobWorkerPool.defaultOwner(), leaseDuration: Duration = .seconds(30),
        pollInterval: Duration = .seconds(2), progressInterval: Duration = .milliseconds(250),
        reclaimOnStart: Bool = false, retry: RetryPolicy = JobWorkerPool.defaultRetry,
        retention: (@Sendable () async -> Duration)? = nil, pruneInterval: Duration = .seconds(3600)
    ) {
        self.queue = queue
        self.events = events
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
        self.owner = owner
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.progressInterval = progressInterval
        self.reclaimOnStart = reclaimOnStart
        self.retry = retry
        self.retention = retention
        self.pruneInterval = pruneInterval
    }

    /// 5 runs at most, 5 s before the second, then 10 s, 20 s, 40 s: long enough for a
    /// database or an upstream to come back, short enough that a broken job ends within minutes.
    public static let defaultRetry = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(5), maxDelay: .seconds(300))

    /// The host name and a random suffix: unique per process, and says where a job runs.
    public static func defaultOwner() -> String {
        var generator = SystemRandomNumberGenerator()
        let suffix = String(generator.next(upperBound: UInt64(1) << 40), radix: 16)
        // gethostname, not ProcessInfo.hostName: the latter may resolve the name over DNS.
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "worker"
        return "\(host.isEmpty ? "worker" : host)-\(suffix)"
    }

    public func run() async throws {
        if reclaimOnStart { await reclaimAbandoned() }
        // Listening before the first claim: a job enqueued from here on wakes the pool, one
        // enqueued before is found by that claim.
        let statusEvents = subscribeToStatusEvents()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watch(statusEvents) }
                group.addTask { await self.ringEvery(self.pollInterval) }
                group.addTask { await self.keepLeases() }
                if retention != nil { group.addTask { await self.pruneEvery(self.pruneInterval) } }
                while !isStopping, !Task.isCancelled {
                    let claimed = await claimAvailable()
                    for run in claimed.runs {
                        group.addTask { await self.execute(run) }
                    }
                    await wakeUp.wait(atMost: claimed.nextDue)
                }
                stopAll()
                while runningCount > 0, !Task.isCancelled {
                    await wakeUp.wait()
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.stopAll()
            self.wakeUp.ring()
        }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }
    var runningCount: Int { state.withLock { $0.running.values.reduce(0, +) } }

    private func stopAll() {
        for run in state.withLock({ Array($0.runs.values) }) { run.stop(.shutdown) }
    }

    private func ringEvery(_ interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            wakeUp.ring()
        }
    }

    /// Enqueues anywhere wake the pool; cancels stop the job here if it runs here. A missed
    /// event costs only time: polling finds queued jobs and lease renewal finds cancels.
    private func subscribeToStatusEvents() -> AsyncStream<HangarEvent> {
        events.subscribe(after: nil) { $0.type == "job" && $0.action == "status" }
    }

    private func watch(_ first: AsyncStream<HangarEvent>) async {
        var statusEvents = first
        while !Task.isCancelled {
            for await event in statusEvents {
                guard let job = JobCoding.job(event.data) else { continue }
                switch job.state {
                case .queued where handlers[job.kind] != nil:
                    wakeUp.ring()
                case .canceled:
                    state.withLock { $0.runs[job.id] }?.stop(.canceled)
                default:
                    break
                }
            }
            // The stream ended (the bus stopped or this pool fell behind): listen again.
            try? await Task.sleep(for: .seconds(1))
            statusEvents = subscribeToStatusEvents()
        }
    }

    private func reclaimAbandoned() async {
        do {
            let jobs = try await queue.endAbandonedRuns(all: true, retry: retry, hooks: handlers)
            if !jobs.isEmpty {
                logger.info(
                    "jobs left running by the previous process: re-queued for a retry, or failed after their last attempt",
                    metadata: ["count": "\(jobs.count)"])
            }
        } catch {
            logger.warning("could not re-queue jobs left running", metadata: ["error": "\(error)"])
        }
    }
}
