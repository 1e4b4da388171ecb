import Foundation
import HangarCore
import HangarTesting
import Storage
import Synchronization
import Testing

@testable import Governance

/// Counts calls in flight the way an upstream would see them.
final class InFlight: Sendable {
    private struct State {
        var now = 0
        var peak = 0
        var starts: [ContinuousClock.Instant] = []
        var waiting: [(peak: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func enter() {
        let ready = state.withLock { state in
            state.now += 1
            state.peak = max(state.peak, state.now)
            state.starts.append(.now)
            let peak = state.peak
            let ready = state.waiting.filter { $0.peak <= peak }
            state.waiting.removeAll { $0.peak <= peak }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    func leave() { state.withLock { $0.now -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var starts: [ContinuousClock.Instant] { state.withLock { $0.starts } }

    /// Returns once `peak` calls have been in flight together: how a call stays "in flight"
    /// until the limit was reached, whatever the machine's load.
    func waitForPeak(_ peak: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.peak >= peak { return true }
                state.waiting.append((peak, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }
}

@Suite struct CallGovernorTests {
    /// One simulated call: take a slot, be "in flight" for `work`, give the slot back.
    static func call(
        _ governor: CallGovernor, _ limits: ProviderLimits, counter: InFlight, work: Duration = .milliseconds(40),
        holdUntilPeak: Int? = nil, provider: String = "p1"
    ) async throws {
        let permit = try await governor.acquire(
            providerID: provider, providerName: "Test", limits: limits, tokens: 10, deadline: .now + .seconds(30))
        counter.enter()
        if let holdUntilPeak { await counter.waitForPeak(holdUntilPeak) }
        try? await Task.sleep(for: work)  // the upstream's latency, so a call over the limit would overlap
        counter.leave()
        await governor.release(permit, tokens: 12)
    }

    @Test(arguments: TestDatabases.engines)
    func maxParallelIsNeverExceeded(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let counter = InFlight()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await Self.call(
                            governor, ProviderLimits(maxParallel: 2), counter: counter, work: .milliseconds(100), holdUntilPeak: 2)
                    }
                }
                try await group.waitForAll()
            }
            #expect(counter.peak == 2)
            #expect(counter.starts.count == 6)
        }
    }

    /// Two replicas are two stores (two connection pools) on one PostgreSQL database.
    @Test(.enabled(if: TestDatabases.postgresAdminURL != nil))
    func maxParallelHoldsAcrossTwoReplicasOnPostgres() async throws {
        let location = try await TestDatabases.makeLocation(.postgres)
        try await TestDatabases.withStore(location) { first in
            try await TestDatabases.withStore(location, migrate: false) { second in
                let governors = [CallGovernor(database: first), CallGovernor(database: second)]
                let counter = InFlight()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<6 {
                        group.addTask {
                            try await Self.call(
                                governors[index % 2], ProviderLimits(maxParallel: 2), counter: counter, work: .milliseconds(100),
                                holdUntilPeak: 2)
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(counter.peak == 2)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func limitsArePerConnection(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let counter = InFlight()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        try await Self.call(
                            governor, ProviderLimits(maxParallel: 1), counter: counter, work: .milliseconds(100), holdUntilPeak: 2,
                            provider: "p\(index % 2)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(counter.peak == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func requestsPerWindowAreSpaced(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database, window: .seconds(2))
            let counter = InFlight()
            var asked: [ContinuousClock.Instant] = []
            for _ in 0..<5 {
                asked.append(.now)
                try await Self.call(governor, ProviderLimits(requestsPerMinute: 2), counter: counter, work: .zero)
            }
            let starts = counter.starts
            // No window holds more than 2 admissions: the 3rd after any admission comes a window
            // later. Each admission happens between its ask and its start as seen here, so the
            // ask of one and the start of the 3rd after it bound them from outside, however late
            // a loaded machine lets this test see them; unlimited, they come at once.
            for index in 0..<(starts.count - 2) {
                #expect(starts[index + 2] - asked[index] >= .milliseconds(1_950), "a third start within one window")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aWaitPastTheDeadlineIsRateLimited(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let limits = ProviderLimits(requestsPerMinute: 1)
            let first = try await governor.acquire(
                providerID: "p", providerName: "Mistral", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            await governor.release(first, tokens: 1)
            let started = ContinuousClock.now
            let error = await #expect(throws: HangarError.self) {
                _ = try await governor.acquire(
                    providerID: "p", providerName: "Mistral", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            }
            #expect(error?.code == .rateLimited)
            #expect(error?.kind == .rateLimited)
            #expect(error?.message.contains("Mistral") == true)
            #expect(ContinuousClock.now - started < .seconds(2), "a minute's wait is refused at once, not slept through")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aFullParallelSlotTimesOutAtTheDeadline(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let limits = ProviderLimits(maxParallel: 1)
            let held = try await governor.acquire(
                providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            let error = await #expect(throws: HangarError.self) {
                _ = try await governor.acquire(
                    providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .milliseconds(300))
            }
            #expect(error?.code == .rateLimited)
            await governor.release(held, tokens: nil)
            let next = try await governor.acquire(
                providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            await governor.release(next, tokens: nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSlotNeverReleasedIsGivenBackWhenItsLeaseEnds(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database, lease: .seconds(1))
            let limits = ProviderLimits(maxParallel: 1)
            let started = ContinuousClock.now
            _ = try await governor.acquire(providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            let next = try await governor.acquire(
                providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            // The lease ran from the first admission, which came after `started`.
            #expect(ContinuousClock.now - started >= .milliseconds(950))
            #expect(next.waited > .zero)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aCallBiggerThanTheTokenLimitIsRefusedAtOnce(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let error = await #expect(throws: HangarError.self) {
                _ = try await governor.acquire(
                    providerID: "p", providerName: "X", limits: ProviderLimits(tokensPerMinute: 50), tokens: 51,
                    deadline: .now + .seconds(5))
            }
            #expect(error?.code == .exceedsTpmLimit)
            #expect(error?.kind == .conflict)
        }
    }
}
