import Foundation
import HangarCore
import HangarTesting
import Storage
import Synchronization
import Testing

@testable import Governance

/// Counts calls in flight the way an upstream would see them.
final class InFlight: Sendable {
    private let state = Mutex<(now: Int, peak: Int, starts: [ContinuousClock.Instant])>((0, 0, []))

    func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now); $0.starts.append(.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var starts: [ContinuousClock.Instant] { state.withLock { $0.starts } }
}

@Suite struct CallGovernorTests {
    /// One simulated call: take a slot, be "in flight" for `work`, give the slot back.
    static func call(
        _ governor: CallGovernor, _ limits: ProviderLimits, counter: InFlight, work: Duration = .milliseconds(40),
        provider: String = "p1"
    ) async throws {
        let permit = try await governor.acquire(
            providerID: provider, providerName: "Test", limits: limits, tokens: 10, deadline: .now + .seconds(20))
        counter.enter()
        try? await Task.sleep(for: work)  // the upstream's latency, so overlaps can happen
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
                    group.addTask { try await Self.call(governor, ProviderLimits(maxParallel: 2), counter: counter, work: .milliseconds(300)) }
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
                            try await Self.call(governors[index % 2], ProviderLimits(maxParallel: 2), counter: counter, work: .milliseconds(300))
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
                            governor, ProviderLimits(maxParallel: 1), counter: counter, work: .milliseconds(200), provider: "p\(index % 2)")
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
            let governor = CallGovernor(database: database, window: .milliseconds(600))
            let counter = InFlight()
            for _ in 0..<7 { try await Self.call(governor, ProviderLimits(requestsPerMinute: 3), counter: counter, work: .zero) }
            let starts = counter.starts
            // No window holds more than 3 starts: the 4th after any start comes a window later.
            // Starts are seen here after each admission's commit, which can lag the ledger's own
            // clock by a few tens of milliseconds, hence the margin; unlimited, 4 calls take far less.
            for index in 0..<(starts.count - 3) {
                #expect(starts[index + 3] - starts[index] >= .milliseconds(450), "a fourth start within one window")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aWaitPastTheDeadlineIsRateLimited(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let limits = ProviderLimits(requestsPerMinute: 1)
            let first = try await governor.acquire(providerID: "p", providerName: "Mistral", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            await governor.release(first, tokens: 1)
            let started = ContinuousClock.now
            let error = await #expect(throws: HangarError.self) {
                _ = try await governor.acquire(providerID: "p", providerName: "Mistral", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            }
            #expect(error?.code == "rate_limited")
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
            let held = try await governor.acquire(providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            let error = await #expect(throws: HangarError.self) {
                _ = try await governor.acquire(providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .milliseconds(300))
            }
            #expect(error?.code == "rate_limited")
            await governor.release(held, tokens: nil)
            let next = try await governor.acquire(providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            await governor.release(next, tokens: nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSlotNeverReleasedIsGivenBackWhenItsLeaseEnds(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database, lease: .seconds(1))
            let limits = ProviderLimits(maxParallel: 1)
            _ = try await governor.acquire(providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            let started = ContinuousClock.now
            let next = try await governor.acquire(providerID: "p", providerName: "X", limits: limits, tokens: 1, deadline: .now + .seconds(5))
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            #expect(next.waited >= .milliseconds(900))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aCallBiggerThanTheTokenLimitIsRefusedAtOnce(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let governor = CallGovernor(database: database)
            let error = await #expect(throws: HangarError.self) {
                _ = try await governor.acquire(
                    providerID: "p", providerName: "X", limits: ProviderLimits(tokensPerMinute: 50), tokens: 51, deadline: .now + .seconds(5))
            }
            #expect(error?.code == "exceeds_tpm_limit")
            #expect(error?.kind == .conflict)
        }
    }
}
