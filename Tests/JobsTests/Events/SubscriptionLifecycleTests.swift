import Foundation
import HangarCore
import HangarTesting
import Jobs
import Storage
import Testing

/// Subscriptions end cleanly: on cancellation, when dropped, when the subscriber falls too
/// far behind, and when the bus stops.
@Suite(.timeLimit(.minutes(1))) struct SubscriptionLifecycleTests {
    @Test(arguments: TestDatabases.engines)
    func cancellingTheConsumerUnsubscribes(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine) { bus, _ in
            let inbox = Inbox(bus.subscribe(after: nil))
            _ = try await EventFixture.publish(bus, 1)
            try await inbox.wait(forCount: 1)
            #expect(bus.subscriberCount == 1)
            inbox.cancel()
            try await inbox.wait("end") { _, ended in ended }
            try await eventually("unsubscribed") { bus.subscriberCount == 0 }
        }
    }

    @Test func droppingTheStreamUnsubscribes() async throws {
        try await EventFixture.withBus(.sqlite) { bus, _ in
            do {
                let stream = bus.subscribe(after: nil)
                #expect(bus.subscriberCount == 1)
                _ = stream
            }
            try await eventually("unsubscribed") { bus.subscriberCount == 0 }
            // Breaking out of the loop drops the iterator and the stream.
            let inbox = Inbox(bus.subscribe(after: 0))
            _ = try await EventFixture.publish(bus, 2)
            try await inbox.wait(forCount: 2)
            for await _ in bus.subscribe(after: 0) { break }
            try await eventually("unsubscribed") { bus.subscriberCount == 1 }
        }
    }

    /// A subscriber that does not keep up gets what was queued and then the end of its
    /// stream, never a silent gap; it resumes from its last id.
    @Test(arguments: TestDatabases.engines)
    func aSubscriberThatFallsBehindEndsAndResumes(_ engine: DatabaseEngine) async throws {
        try await EventFixture.withBus(engine, subscriberCapacity: 4) { bus, _ in
            let stream = bus.subscribe(after: nil)
            var iterator = stream.makeAsyncIterator()
            let first = try await EventFixture.publish(bus, 1)
            #expect(await iterator.next() == first[0])
            let burst = try await EventFixture.publish(bus, 10)
            try await eventually("overflow") { bus.subscriberCount == 0 }
            var received: [HangarEvent] = []
            while let event = await iterator.next() { received.append(event) }
            #expect(received == Array(burst.prefix(4)))
            let resumed = Inbox(bus.subscribe(after: received.last?.id))
            #expect(try await resumed.wait(forCount: 6) == Array(burst.suffix(6)))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func stoppingTheBusEndsSubscriptions(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let bus = EventBus(database: database, logger: TestDatabases.logger)
            let inbox = try await EventFixture.running(bus) {
                let inbox = Inbox(bus.subscribe(after: nil))
                _ = try await EventFixture.publish(bus, 1)
                try await inbox.wait(forCount: 1)
                return inbox
            }
            try await inbox.wait("end") { _, ended in ended }
            #expect(bus.subscriberCount == 0)
        }
    }
}
