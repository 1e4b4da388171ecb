import Foundation
import HangarCore
import HangarTesting
import Jobs
import Storage
import Synchronization
import Testing

/// Consumes a stream in the background and lets a test wait for what it has received.
final class Inbox: Sendable {
    private struct State {
        var events: [HangarEvent] = []
        var ended = false
        /// Resumed with false on every change: check again.
        var waiters: [UUID: CheckedContinuation<Bool, Never>] = [:]
    }
    private final class Box: Sendable {
        let state = Mutex(State())

        func change(_ update: (inout State) -> Void) {
            let waiters = state.withLock { state in
                update(&state)
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.resume(returning: false) }
        }
    }
    private let box = Box()
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ stream: AsyncStream<HangarEvent>) {
        let task = Task { [box] in
            for await event in stream {
                box.change { $0.events.append(event) }
            }
            box.change { $0.ended = true }
        }
        self.task.withLock { $0 = task }
    }

    deinit { task.withLock { $0?.cancel() } }

    func cancel() { task.withLock { $0?.cancel() } }

    var events: [HangarEvent] { box.state.withLock { $0.events } }
    var ended: Bool { box.state.withLock { $0.ended } }

    /// Waits until `condition` holds for the events received (or the stream ended).
    @discardableResult
    func wait(
        _ what: String = "events", timeout: Duration = .seconds(10),
        until condition: @escaping @Sendable ([HangarEvent], _ ended: Bool) -> Bool
    ) async throws -> [HangarEvent] {
        try await within(timeout, "\(what) (received \(events.count): \(events.map(\.id)))") {
            while true {
                try Task.checkCancellation()
                let id = UUID()
                let done = await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                        // nil: registered, a change or the cancel handler resumes it.
                        let now = self.box.state.withLock { state -> Bool? in
                            if condition(state.events, state.ended) { return true }
                            if Task.isCancelled { return false }
                            state.waiters[id] = continuation
                            return nil
                        }
                        if let now { continuation.resume(returning: now) }
                    }
                } onCancel: {
                    self.box.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
                }
                if done { return self.events }
            }
        }
    }

    @discardableResult
    func wait(forCount count: Int, timeout: Duration = .seconds(10)) async throws -> [HangarEvent] {
        try await wait("\(count) events", timeout: timeout) { events, ended in events.count >= count || ended }
    }
}

enum EventFixture {
    /// Runs `bus` as a service (LISTEN ready on PostgreSQL) while `body` runs.
    static func running<T: Sendable>(_ bus: EventBus, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await bus.run()
                return nil
            }
            defer { group.cancelAll() }
            try await within(.seconds(10), "event bus start") { await bus.ready() }
            return try await body()
        }
    }

    /// A fresh migrated database with a running bus.
    static func withBus(
        _ engine: DatabaseEngine, maxRetained: Int = 10_000, subscriberCapacity: Int = 1024,
        _ body: @escaping @Sendable (EventBus, any Database) async throws -> Void
    ) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let bus = EventBus(
                database: database, logger: TestDatabases.logger, maxRetained: maxRetained,
                subscriberCapacity: subscriberCapacity)
            try await running(bus) { try await body(bus, database) }
        }
    }

    static func publish(_ bus: EventBus, _ n: Int, type: String = "model", subject: String = "m1") async throws -> [HangarEvent] {
        var events: [HangarEvent] = []
        for index in 0..<n {
            events.append(try await bus.publish(type: type, action: "updated", subjectID: subject, data: "{\"n\":\(index)}"))
        }
        return events
    }
}
