import Foundation
import HangarCore
import HangarTesting
import Jobs
import SQLKit
import Storage
import Testing

/// Publishing, live delivery, replay after Last-Event-ID, filters and pruning, on both engines.
@Suite(.timeLimit(.minutes(1))) struct EventBusTests {
    @Test(arguments: TestDatabases.engines)
    func publishedEventsReachSubscribersInOrder(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine) { bus, _ in
            #expect(try await bus.latestEventID() == 0)
            let inbox = Inbox(bus.subscribe(after: nil))
            let published = try await EventFixture.publish(bus, 3)
            #expect(published.map(\.id) == published.map(\.id).sorted())
            #expect(Set(published.map(\.id)).count == 3)
            let received = try await inbox.wait(forCount: 3)
            #expect(received == published)
            #expect(try await bus.latestEventID() == published.last?.id)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func replayResumesAfterLastEventIDThenGoesLive(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine) { bus, _ in
            let earlier = try await EventFixture.publish(bus, 5)
            let inbox = Inbox(bus.subscribe(after: earlier[1].id))
            #expect(try await inbox.wait(forCount: 3) == Array(earlier[2...]))
            let later = try await EventFixture.publish(bus, 2)
            #expect(try await inbox.wait(forCount: 5) == Array(earlier[2...]) + later)
            // after: 0 replays the whole log.
            let everything = Inbox(bus.subscribe(after: 0))
            #expect(try await everything.wait(forCount: 7) == earlier + later)
        }
    }

    /// Subscribing while events are being published: the replay→live boundary neither loses
    /// nor repeats one.
    @Test(arguments: TestDatabases.engines)
    func noGapOrDuplicateAcrossTheReplayBoundary(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine) { bus, _ in
            let perWorker = 40
            let total = 10 + 3 * perWorker
            let start = try await EventFixture.publish(bus, 10)
            let publishers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<3 {
                        group.addTask { _ = try await EventFixture.publish(bus, perWorker, subject: "w\(worker)") }
                    }
                    try await group.waitForAll()
                }
            }
            // Subscribe at several points while the publishers run.
            var inboxes: [(after: Int64, inbox: Inbox)] = []
            for index in 0..<4 {
                let after = index == 0 ? start[4].id : try await bus.latestEventID()
                inboxes.append((after, Inbox(bus.subscribe(after: after))))
                try await Task.sleep(for: .milliseconds(5))
            }
            try await publishers.value
            let all = try await bus.storedEvents(after: 0, limit: 1000)
            #expect(all.count == total)
            for (after, inbox) in inboxes {
                let expected = all.filter { $0.id > after }
                let received = try await inbox.wait(forCount: expected.count)
                #expect(received.map(\.id) == expected.map(\.id), "subscriber after \(after)")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func filtersAndSubjectsNarrowTheStream(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine) { bus, _ in
            let jobs = Inbox(bus.subscribe(after: 0) { $0.type == "job" })
            let oneJob = Inbox(bus.subscribe(after: 0, subjectID: "job_b"))
            try await bus.publish(type: "model", action: "created", subjectID: "m1", data: "{}")
            let a = try await bus.publish(type: "job", action: "status", subjectID: "job_a", data: "{}")
            let b = try await bus.publish(type: "job", action: "progress", subjectID: "job_b", data: "{}")
            let marker = try await bus.publish(type: "job", action: "status", subjectID: "job_b", data: "{\"last\":true}")
            #expect(try await jobs.wait(forCount: 3) == [a, b, marker])
            #expect(try await oneJob.wait(forCount: 2) == [b, marker])
            // Replay honours them too.
            let replayed = Inbox(bus.subscribe(after: 0, subjectID: "job_a"))
            #expect(try await replayed.wait(forCount: 1) == [a])
        }
    }

    /// Events recorded in `write` commit with the change, and only then are delivered.
    @Test(arguments: TestDatabases.engines)
    func eventsOfARolledBackWriteAreNeitherStoredNorDelivered(_ engine: DatabaseEngine) async throws {
        struct Boom: Error {}
        try await EventFixture.withBus(engine) { bus, _ in
            let inbox = Inbox(bus.subscribe(after: nil))
            await #expect(throws: Boom.self) {
                try await bus.write { _, events in
                    events.record(type: "model", action: "created", subjectID: "lost", data: "{}")
                    throw Boom()
                }
            }
            let kept = try await bus.write { sql, events -> String in
                events.record(type: "model", action: "created", subjectID: "kept", data: "{}")
                events.record(type: "model", action: "updated", subjectID: "kept", data: "{}")
                return "done"
            }
            #expect(kept == "done")
            let received = try await inbox.wait(forCount: 2)
            #expect(received.map(\.subjectID) == ["kept", "kept"])
            #expect(received.map(\.action) == ["created", "updated"])
            #expect(try await bus.storedEvents(after: 0).map(\.subjectID) == ["kept", "kept"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func largeEventsArriveWhole(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine) { bus, _ in
            let inbox = Inbox(bus.subscribe(after: nil))
            // Past PostgreSQL's 8000-byte NOTIFY limit: it travels as its id.
            let data = "\"" + String(repeating: "é", count: 6000) + "\""
            let event = try await bus.publish(type: "model", action: "updated", subjectID: "big", data: data)
            let small = try await bus.publish(type: "model", action: "updated", subjectID: "small", data: "{}")
            #expect(try await inbox.wait(forCount: 2) == [event, small])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func pruningKeepsTheNewestWithinRetention(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let bus = EventBus(database: database, logger: TestDatabases.logger, retention: .seconds(3600), maxRetained: 3)
            let events = try await EventFixture.publish(bus, 6)
            try await database.write { sql in
                try await sql.raw("UPDATE events SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = \(bind: events[5].id)").run()
            }
            // The old one goes, then all but the newest three of the rest.
            #expect(try await bus.prune() == 3)
            #expect(try await bus.storedEvents(after: 0).map(\.id) == events[2...4].map(\.id))
            // Ids are never reused after pruning.
            let next = try await bus.publish(type: "model", action: "updated", subjectID: "m1", data: "{}")
            #expect(next.id > events[5].id)
        }
    }

    /// `run()` prunes on its own schedule.
    @Test(arguments: TestDatabases.engines)
    func theServicePrunes(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let bus = EventBus(
                database: database, logger: TestDatabases.logger, maxRetained: 2, pruneInterval: .milliseconds(50))
            _ = try await EventFixture.publish(bus, 5)
            try await EventFixture.running(bus) {
                try await within(.seconds(10), "pruning") {
                    while try await bus.storedEvents(after: 0).count > 2 { try await Task.sleep(for: .milliseconds(20)) }
                }
            }
        }
    }
}
