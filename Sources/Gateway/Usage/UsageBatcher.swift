import Catalog
import Foundation
import Governance
import HangarCore
import SQLKit
import Storage
import Synchronization

/// Commits gateway usage in batches: every call waits until its record is committed, and the
/// calls that finish while a batch commits go together in the next transaction, so a busy
/// gateway pays one commit for many calls. Each batch inserts the usage records, adds their
/// cost to each key's spend (UTC day, month, all time), settles their budget reservations,
/// and stamps the keys' and models' `last_used_at`.
///
/// A lock rather than an actor: each call only adds its record and waits, and the hop to an
/// actor's executor cost more than that.
public final class UsageBatcher: Sendable {
    let catalog: CatalogService
    /// A model's use is announced to open pages at most this often.
    let announceEvery: Duration

    private struct State {
        var pending: [(GatewayUsage, CheckedContinuation<Void, any Error>)] = []
        var flushing = false
        var announced: [String: ContinuousClock.Instant] = [:]
    }

    private let state = Mutex(State())

    public init(catalog: CatalogService, announceEvery: Duration = .seconds(5)) {
        self.catalog = catalog
        self.announceEvery = announceEvery
    }

    /// Returns once `usage` is committed.
    func record(_ usage: GatewayUsage) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.pending.append((usage, continuation))
                guard !state.flushing else { return false }
                state.flushing = true
                return true
            }
            if start { Task { await self.flush() } }
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
            do {
                try await commit(batch.map(\.0))
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
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
