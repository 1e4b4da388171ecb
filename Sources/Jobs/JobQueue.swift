import Foundation
import HangarCore
import Logging
import SQLKit
import Storage

/// The persistent job queue: enqueue (one active job per kind and target), look up, cancel.
/// Every state change commits together with its job `status` event; the handlers'
/// `stateChanged` hooks run after the commit, in commit order.
///
/// Make one queue per process and give it to the worker pool too: hooks are ordered per
/// queue (copies of it share the order).
public struct JobQueue: Sendable {
    let database: any Database
    let events: EventBus
    let handlers: [String: any JobHandler]
    let logger: Logger
    let hookLine = HookLine()

    /// `handlers` are used only for their `stateChanged` hooks.
    public init(database: any Database, events: EventBus, handlers: [any JobHandler] = [], logger: Logger) {
        self.database = database
        self.events = events
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    /// Inserts a queued job, or returns the active (queued or running) job of the same kind
    /// and target with `created == false`. Race-free between processes too: the database's
    /// unique index on active jobs decides, and the loser returns the winner.
    public func enqueue(kind: String, target: String, payload: String? = nil) async throws -> (job: Job, created: Bool) {
        // A unique violation means a concurrent enqueue won; its job is returned, unless it
        // already finished in between, and then this one tries again.
        for _ in 0..<5 {
            do {
                return try await change(hooks: handlers) { sql, _ -> (value: (job: Job, created: Bool), changed: [Job]) in
                    if let active = try await JobQueries.active(kind: kind, target: target, on: sql) {
                        return ((active.job, false), [])
                    }
                    let now = Timestamp.now()
                    let job = Job(id: JobID.make(), kind: kind, target: target, state: .queued, createdAt: now, updatedAt: now)
                    try await JobQueries.insert(job, payload: payload, on: sql)
                    return ((job, true), [job])
                }
            } catch StorageError.uniqueViolation {
                if let active = try await activeJob(kind: kind, target: target) { return (active, false) }
            }
        }
        throw JobQueueError(description: "could not enqueue \(kind) job for \(target): the active job kept changing")
    }

    public func job(id: String) async throws -> Job? {
        try await database.read { sql in try await JobQueries.find(id: id, on: sql)?.job }
    }

    /// The queued or running job of `kind` for `target`, if any.
    public func activeJob(kind: String, target: String) async throws -> Job? {
        try await database.read { sql in try await JobQueries.active(kind: kind, target: target, on: sql)?.job }
    }

    /// The most recently created job of `kind` for `target`, in any state.
    public func latestJob(kind: String, target: String) async throws -> Job? {
        try await database.read { sql in try await JobQueries.latest(kind: kind, target: target, on: sql)?.job }
    }

    /// Jobs, newest first.
    public func list(kind: String? = nil, state: JobState? = nil, target: String? = nil, limit: Int = 100) async throws -> [Job] {
        try await database.read { sql in
            try await JobQueries.list(kind: kind, state: state, target: target, limit: max(0, limit), on: sql).map(\.job)
        }
    }

    /// Cancels a queued or running job at once in the database; the worker running it (in
    /// any replica) hears the `canceled` event and stops, and its late completion cannot
    /// overwrite the state. A finished job is returned unchanged; nil for an unknown id.
    public func cancel(id: String) async throws -> Job? {
        try await change(hooks: handlers) { sql, _ -> (value: Job?, changed: [Job]) in
            if let canceled = try await JobQueries.cancel(id: id, now: Timestamp.now(), on: sql) {
                return (canceled, [canceled])
            }
            return (try await JobQueries.find(id: id, on: sql)?.job, [])
        }
    }

    /// Runs a state change in one transaction: `body` returns its result and the jobs it
    /// changed; their status events commit with it, and their hooks (from `hooks`) run after
    /// the commit, in commit order (see `HookLine`).
    func change<T: Sendable>(
        hooks: [String: any JobHandler],
        _ body: @Sendable (any SQLDatabase, EventRecorder) async throws -> (value: T, changed: [Job])
    ) async throws -> T {
        let ordered = !HookLine.insideHook
        let line = hookLine
        let ticket = TicketBox()
        let result: (value: T, changed: [Job])
        do {
            result = try await events.write { sql, recorder in
                let result = try await body(sql, recorder)
                for job in result.changed { recorder.record(Self.statusEvent(job)) }
                if ordered, !result.changed.isEmpty { ticket.set(line.reserve()) }
                return result
            }
        } catch {
            if let reserved = ticket.value { line.giveUp(reserved) }
            throw error
        }
        let runHooks = {
            for job in result.changed { await hooks[job.kind]?.stateChanged(job) }
        }
        if let reserved = ticket.value {
            await line.run(reserved, runHooks)
        } else {
            await runHooks()
        }
        return result.value
    }

    static func statusEvent(_ job: Job) -> EventDraft {
        EventDraft(type: "job", action: "status", subjectID: job.id, data: JobCoding.json(job))
    }

    static func progressEvent(_ job: Job) -> EventDraft {
        EventDraft(type: "job", action: "progress", subjectID: job.id, data: JobCoding.json(job))
    }
}

struct JobQueueError: Error, CustomStringConvertible {
    let description: String
}
