import Catalog
import Foundation
import Governance
import HangarCore
import Logging
import SQLKit
import Storage
import Synchronization

/// Commits gateway usage in batches, after the calls were answered: the calls that finish
/// while a batch commits go together in the next transaction, so a busy gateway pays one
/// commit for many calls, and no client waits for the bookkeeping (waiting for it doubled the
/// gateway's median latency). Each batch inserts the usage records, adds their cost to each
/// key's spend (UTC day, month, all time), settles their budget reservations, and stamps the
/// keys' and models' `last_used_at`.
///
/// Budgets stay exact meanwhile: a call's reservation counts against its key until the batch
/// that records the call deletes it. Readers on this replica call `settled()` first, so what
/// a client was answered is in every list it asks for next; another replica sees it one
/// commit later. A batch that fails is tried again, then dropped with an error in the log.
///
/// A lock rather than an actor: each call only adds its record, and the hop to an actor's
/// executor cost more than that.
public final class UsageBatcher: Sendable {
    let catalog: CatalogService
    /// A model's use is announced to open pages at most this often.
    let announceEvery: Duration
    /// The waits before each new try of a batch that failed.
    let retryDelays: [Duration]

    private struct State {
        var pending: [GatewayUsage] = []
        var flushing = false
        /// Records ever handed over, and those whose batch is over (committed or dropped).
        var received = 0
        var finished = 0
        var waiters: [(upTo: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var announced: [String: ContinuousClock.Instant] = [:]
    }

    private let state = Mutex(State())
    private static let logger = Logger(label: "hangar.gateway")

    public init(
        catalog: CatalogService, announceEvery: Duration = .seconds(5),
        retryDelays: [Duration] = [.milliseconds(200), .seconds(1), .seconds(3)]
    ) {
        self.catalog = catalog
        self.announceEvery = announceEvery
        self.retryDelays = retryDelays
    }

    /// Hands `usage` over; it is committed in the next batch, whatever happens to the caller.
    func record(_ usage: GatewayUsage) {
        let start = state.withLock { state in
            state.pending.append(usage)
            state.received += 1
            guard !state.flushing else { return false }
            state.flushing = true
            return true
        }
        if start { Task { await self.flush() } }
    }

    /// Whether some record handed over is not committed yet.
    var hasPending: Bool {
        state.withLock { $0.finished < $0.received }
    }

    /// Returns once every record handed over before this call is committed (or dropped).
    public func settled() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                guard state.finished < state.received else { return true }
                state.waiters.append((state.received, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func flush() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending.removeAll(keepingCapacity: true)
                if batch.isEmpty { state.flushing = false }
                return batch
            }
            if batch.isEmpty { return }
            await commitRetrying(batch)
            let ready = state.withLock { state in
                state.finished += batch.count
                let finished = state.finished
                let ready = state.waiters.filter { $0.upTo <= finished }
                state.waiters.removeAll { $0.upTo <= finished }
                return ready
            }
            for waiter in ready { waiter.continuation.resume() }
        }
    }

    private func commitRetrying(_ batch: [GatewayUsage]) async {
        var delays = retryDelays[...]
        while true {
            do {
                try await commit(batch)
                return
            } catch {
                guard let delay = delays.popFirst() else {
                    Self.logger.error(
                        "usage not recorded",
                        metadata: ["calls": "\(batch.count)", "error": "\(String(reflecting: type(of: error))): \(error)"])
                    return
                }
                try? await Task.sleep(for: delay)
            }
        }
    }

    private func commit(_ usages: [GatewayUsage]) async throws {
        var modelTimes: [String: String] = [:]
        for usage in usages { modelTimes[usage.record.modelID] = max(modelTimes[usage.record.modelID] ?? "", usage.record.createdAt) }
        let now = ContinuousClock.now
        let announcing = state.withLock { state in
            let due = Set(modelTimes.keys.filter { id in state.announced[id].map { now - $0 >= announceEvery } ?? true })
            for id in due { state.announced[id] = now }
            return due
        }
        try await catalog.recordUses(modelTimes, announcing: announcing) { sql in
            try await Self.write(usages, on: sql)
        }
    }

    static func write(_ usages: [GatewayUsage], on sql: any SQLDatabase) async throws {
        try await UsageQueries.insert(usages.map(\.record), on: sql)
        var spend: [String: (pico: Int64, lastUsed: String, date: Date)] = [:]
        for usage in usages {
            guard let keyID = usage.keyID else { continue }
            let date = Timestamp.parse(usage.record.createdAt) ?? Date()
            let previous = spend[keyID]
            spend[keyID] = (
                (previous?.pico ?? 0) + usage.costPico, max(previous?.lastUsed ?? "", usage.record.createdAt),
                max(previous?.date ?? date, date)
            )
        }
        for (keyID, entry) in spend.sorted(by: { $0.key < $1.key }) {
            if entry.pico > 0 {
                try await SpendLedger.add(keyID: keyID, pico: entry.pico, periods: SpendLedger.periods(at: entry.date), on: sql)
            }
            try await KeyQueries.touch(id: keyID, at: entry.lastUsed, on: sql)
        }
        try await SpendLedger.release(ids: usages.compactMap(\.reservation), on: sql)
    }
}
