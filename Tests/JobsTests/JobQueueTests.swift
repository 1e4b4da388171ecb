import Foundation
import HangarCore
import HangarTesting
import Jobs
import SQLKit
import Storage
import Testing

/// Enqueue (one active job per target), lookups, cancel of queued jobs, the wire format.
@Suite(.timeLimit(.minutes(1))) struct JobQueueTests {
    @Test(arguments: TestDatabases.engines)
    func concurrentEnqueuesForOneTargetMakeOneJob(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler()
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let results = try await withThrowingTaskGroup(of: (job: Job, created: Bool).self) { group in
                for _ in 0..<50 {
                    group.addTask { try await harness.queue.enqueue(kind: "test", target: "model-1", payload: "{\"x\":1}") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count { $0.created } == 1)
            #expect(Set(results.map(\.job.id)).count == 1)
            let jobs = try await harness.queue.list()
            #expect(jobs.count == 1)
            let job = try #require(jobs.first)
            #expect(job.state == .queued && job.attempts == 0 && job.kind == "test" && job.target == "model-1")
            #expect(job.id.hasPrefix("job_") && job.id.count == 24)
            #expect(job.id.allSatisfy { $0 == "_" || $0.isLowercase || $0.isNumber })
            await handler.expectTransitions(job.id, [.queued])
            // Another target or kind is another job.
            #expect(try await harness.queue.enqueue(kind: "test", target: "model-2").created)
            #expect(try await harness.queue.enqueue(kind: "other", target: "model-1").created)
        }
    }

    /// Two replicas (two stores of one PostgreSQL database) racing on one target.
    @Test(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs HANGAR_TEST_POSTGRES_URL"))
    func enqueueIsIdempotentAcrossReplicas() async throws {
        let location = try await TestDatabases.makeLocation(.postgres)
        try await TestDatabases.withStore(location) { first in
            try await TestDatabases.withStore(location) { second in
                let bus = EventBus(database: first, logger: TestDatabases.logger)
                let queues = [first, second].map { JobQueue(database: $0, events: bus, logger: TestDatabases.logger) }
                let ids = try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<50 {
                        group.addTask { try await queues[index % 2].enqueue(kind: "test", target: "shared").job.id }
                    }
                    return try await group.reduce(into: Set<String>()) { $0.insert($1) }
                }
                #expect(ids.count == 1)
                #expect(try await queues[1].list().count == 1)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func cancelingAQueuedJobFreesItsTarget(_ engine: DatabaseEngine) async throws {
        let handler = TestHandler()
        try await Harness.withFresh(engine, handlers: [handler]) { harness in
            let (job, _) = try await harness.queue.enqueue(kind: "test", target: "t")
            let canceled = try #require(try await harness.queue.cancel(id: job.id))
            #expect(canceled.state == .canceled)
            #expect(canceled.finishedAt != nil && canceled.startedAt == nil)
            #expect(try await harness.queue.job(id: job.id) == canceled)
            await handler.expectTransitions(job.id, [.queued, .canceled])
            // Finished jobs come back unchanged; unknown ids are nil.
            #expect(try await harness.queue.cancel(id: job.id) == canceled)
            #expect(try await harness.queue.cancel(id: "job_nope") == nil)
            await handler.expectTransitions(job.id, [.queued, .canceled])
            #expect(try await harness.queue.activeJob(kind: "test", target: "t") == nil)
            let (next, created) = try await harness.queue.enqueue(kind: "test", target: "t")
            #expect(created && next.id != job.id)
            #expect(try await harness.queue.activeJob(kind: "test", target: "t") == next)
            #expect(try await harness.queue.latestJob(kind: "test", target: "t") == next)
            // Both changes were announced as job status events.
            let events = try await harness.bus.storedEvents(after: 0, subjectID: job.id)
            #expect(events.map(\.action) == ["status", "status"])
            #expect(events.map { try? JSONDecoder().decode(Job.self, from: Data($0.data.utf8)).state } == [.queued, .canceled])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func listsNewestFirstWithFilters(_ engine: DatabaseEngine) async throws {
        try await Harness.withFresh(engine, handlers: []) { harness in
            var made: [Job] = []
            for (kind, target) in [("download", "a"), ("download", "b"), ("pull", "a"), ("download", "c")] {
                made.append(try await harness.queue.enqueue(kind: kind, target: target).job)
                try await Task.sleep(for: .milliseconds(2))  // distinct created_at (millisecond precision)
            }
            _ = try await harness.queue.cancel(id: made[1].id)
            #expect(try await harness.queue.list().map(\.id) == made.reversed().map(\.id))
            #expect(try await harness.queue.list(limit: 2).map(\.id) == [made[3].id, made[2].id])
            #expect(try await harness.queue.list(kind: "download").map(\.id) == [made[3].id, made[1].id, made[0].id])
            #expect(try await harness.queue.list(state: .canceled).map(\.id) == [made[1].id])
            #expect(try await harness.queue.list(kind: "download", state: .queued, target: "a").map(\.id) == [made[0].id])
            #expect(try await harness.queue.latestJob(kind: "download", target: "b")?.state == .canceled)
            #expect(try await harness.queue.activeJob(kind: "download", target: "b") == nil)
            #expect(try await harness.queue.job(id: "job_unknown") == nil)
        }
    }

    @Test func jobsEncodeEveryKeyWithExplicitNulls() throws {
        let job = Job(id: "job_1", kind: "download", target: "m1", state: .queued, createdAt: "c", updatedAt: "u")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(job)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "kind", "target", "state", "progress", "attempts", "error_code", "error_message", "created_at",
                "started_at", "finished_at", "updated_at", "run_after", "result", "model_id", "provider_id", "ollama_model",
            ])
        for key in [
            "error_code", "error_message", "started_at", "finished_at", "run_after", "result", "model_id", "provider_id", "ollama_model",
        ] {
            #expect(object[key] is NSNull, "\(key)")
        }
        let progress = try #require(object["progress"] as? [String: Any])
        #expect(Set(progress.keys) == ["bytes_done", "bytes_total", "percent", "bytes_per_second", "eta_seconds", "phase", "message"])
        #expect(progress.values.allSatisfy { $0 is NSNull })
        var full = job
        full.progress = JobProgress(
            bytesDone: 5, bytesTotal: 10, percent: 50, bytesPerSecond: 1.5, etaSeconds: 3, phase: "download", message: "m")
        full.errorCode = "x"
        #expect(try JSONDecoder().decode(Job.self, from: JSONEncoder().encode(full)) == full)
        #expect(JobState.allCases.filter(\.isActive) == [.queued, .running])

        let event = HangarEvent(id: 7, type: "job", action: "status", subjectID: "job_1", data: "{}")
        let eventObject = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as? [String: Any])
        #expect(Set(eventObject.keys) == ["id", "type", "action", "subject_id", "data"])
    }
}
