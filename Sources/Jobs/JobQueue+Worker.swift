import Foundation
import HangarCore
import Storage

/// The queue operations of a worker pool. Each state change commits with its status event
/// and runs the hooks of the pool's handlers.
extension JobQueue {
    func pendingWork() async throws -> PendingWork {
        try await database.read { sql in try await JobQueries.pendingWork(now: Timestamp.now(), on: sql) }
    }

    func claim(kind: String, limit: Int, owner: String, lease: Duration, hooks: [String: any JobHandler]) async throws -> [StoredJob] {
        let engine = database.engine
        return try await change(hooks: hooks) { sql, _ in
            let claimed = try await JobQueries.claim(
                kind: kind, limit: limit, owner: owner, leaseExpiresAt: Self.leaseEnd(lease), now: Timestamp.now(),
                engine: engine, on: sql)
            return (claimed, claimed.map(\.job))
        }
    }

    /// Ends the runs nobody runs any more (see `JobQueries.abandoned`): each counts as a
    /// failed attempt, so the job waits in the queue for its retry, or fails once `retry` has
    /// no attempt left. Returns the jobs changed.
    func endAbandonedRuns(all: Bool, retry: RetryPolicy, hooks: [String: any JobHandler]) async throws -> [Job] {
        try await change(hooks: hooks) { sql, _ in
            let now = Date()
            var jobs: [Job] = []
            for run in try await JobQueries.abandoned(all: all, now: Timestamp.format(now), on: sql) {
                if let job = try await JobQueries.endAbandoned(
                    id: run.id, all: all, error: JobWorkerPool.interrupted,
                    runAfter: Self.retryTime(retry, attempts: run.attempts, now: now),
                    now: Timestamp.format(now), on: sql)
                {
                    jobs.append(job)
                }
            }
            return (jobs, jobs)
        }
    }

    /// After a run of `owner` failed unexpectedly: back to the queue for a retry, or failed
    /// once `retry` has no attempt left. Nil when the job is no longer this owner's.
    func retryOrFail(
        id: String, owner: String, attempts: Int, progress: JobProgress, error: JobFailure, retry: RetryPolicy,
        hooks: [String: any JobHandler]
    ) async throws -> Job? {
        try await change(hooks: hooks) { sql, _ in
            let now = Date()
            let job = try await JobQueries.retry(
                id: id, owner: owner, progress: progress, error: error, runAfter: Self.retryTime(retry, attempts: attempts, now: now),
                now: Timestamp.format(now), on: sql)
            return (job, job.map { [$0] } ?? [])
        }
    }

    /// When a job that has made `attempts` runs may run again; nil when it may not.
    static func retryTime(_ retry: RetryPolicy, attempts: Int, now: Date) -> String? {
        retry.delay(after: attempts, retryAfter: nil).map { Timestamp.format(now.addingTimeInterval($0.timeInterval)) }
    }

    func renewLeases(ids: [String], owner: String, lease: Duration) async throws -> Set<String> {
        try await shielded {
            try await database.write { sql in
                try await JobQueries.renewLeases(ids: ids, owner: owner, until: Self.leaseEnd(lease), on: sql)
            }
        }
    }

    func storeProgress(id: String, owner: String, progress: JobProgress) async throws -> Job? {
        try await events.write { sql, recorder in
            let job = try await JobQueries.updateProgress(id: id, owner: owner, progress: progress, now: Timestamp.now(), on: sql)
            if let job { recorder.record(Self.progressEvent(job)) }
            return job
        }
    }

    func finish(
        id: String, owner: String, state: JobState, progress: JobProgress, error: JobFailure?, result: JSONValue? = nil,
        hooks: [String: any JobHandler]
    ) async throws -> Job? {
        try await change(hooks: hooks) { sql, _ in
            let job = try await JobQueries.finish(
                id: id, owner: owner, state: state, progress: progress, error: error, result: result, now: Timestamp.now(), on: sql)
            return (job, job.map { [$0] } ?? [])
        }
    }

    func release(id: String, owner: String, progress: JobProgress, hooks: [String: any JobHandler]) async throws -> Job? {
        try await change(hooks: hooks) { sql, _ in
            let job = try await JobQueries.release(id: id, owner: owner, progress: progress, now: Timestamp.now(), on: sql)
            return (job, job.map { [$0] } ?? [])
        }
    }

    /// Leases are wall-clock times: replicas must keep their clocks roughly in step (well
    /// within a lease).
    static func leaseEnd(_ lease: Duration) -> String {
        Timestamp.format(Date().addingTimeInterval(lease.timeInterval))
    }
}
