import Foundation
import HangarCore
import HangarTesting
import Jobs
import SQLKit
import Storage
import Testing

/// Two replicas on one PostgreSQL database: events cross over through LISTEN/NOTIFY.
@Suite(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs HANGAR_TEST_POSTGRES_URL"), .timeLimit(.minutes(1)))
struct ReplicaEventTests {
    /// Two stores and buses on one fresh PostgreSQL database, both running.
    static func withReplicas(_ body: @escaping @Sendable (EventBus, EventBus, any Database) async throws -> Void) async throws {
        let location = try await TestDatabases.makeLocation(.postgres)
        try await TestDatabases.withStore(location) { first in
            try await TestDatabases.withStore(location) { second in
                let a = EventBus(database: first, logger: TestDatabases.logger)
                let b = EventBus(database: second, logger: TestDatabases.logger)
                try await EventFixture.running(a) {
                    try await EventFixture.running(b) { try await body(a, b, second) }
                }
            }
        }
    }

    @Test func anEventPublishedOnOneReplicaReachesEveryReplicaOnce() async throws {
        try await Self.withReplicas { a, b, _ in
            let onA = Inbox(a.subscribe(after: nil))
            let onB = Inbox(b.subscribe(after: nil))
            let fromA = try await a.publish(type: "model", action: "created", subjectID: "m1", data: "{}")
            let fromB = try await b.publish(type: "provider", action: "updated", subjectID: "p1", data: "{}")
            let last = try await a.publish(type: "model", action: "deleted", subjectID: "m1", data: "null")
            #expect(try await onA.wait(forCount: 3) == [fromA, fromB, last])
            #expect(try await onB.wait(forCount: 3) == [fromA, fromB, last])
        }
    }

    /// Concurrent publishers on both replicas: every subscriber sees the same sequence, in
    /// id order, each event once.
    @Test func concurrentPublishersOnTwoReplicasAgreeOnOrder() async throws {
        try await Self.withReplicas { a, b, _ in
            let onA = Inbox(a.subscribe(after: nil))
            let onB = Inbox(b.subscribe(after: nil))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, bus) in [a, b, a, b].enumerated() {
                    group.addTask { _ = try await EventFixture.publish(bus, 15, subject: "s\(index)") }
                }
                try await group.waitForAll()
            }
            let stored = try await a.storedEvents(after: 0, limit: 100)
            #expect(stored.count == 60)
            #expect(try await onA.wait(forCount: 60) == stored)
            #expect(try await onB.wait(forCount: 60) == stored)
        }
    }

    /// The listener's connection is killed: it reconnects and delivers what was published
    /// meanwhile, nothing twice.
    @Test func theListenerReconnectsWithoutLosingEvents() async throws {
        try await Self.withReplicas { a, b, database in
            let onB = Inbox(b.subscribe(after: nil))
            let before = try await a.publish(type: "model", action: "created", subjectID: "m1", data: "{}")
            try await onB.wait(forCount: 1)
            let killed = try await database.read { sql in
                try await sql.raw(
                    """
                    SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()
                    """
                ).all().count
            }
            #expect(killed == 2)
            let during = try await EventFixture.publish(a, 3)
            let received = try await onB.wait(forCount: 4, timeout: .seconds(15))
            #expect(received == [before] + during)
            // And it listens again.
            let after = try await a.publish(type: "model", action: "updated", subjectID: "m1", data: "{}")
            #expect(try await onB.wait(forCount: 5) == [before] + during + [after])
        }
    }
}
