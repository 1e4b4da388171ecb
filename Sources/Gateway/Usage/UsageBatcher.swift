import Catalog
import Foundation
import Governance
import HangarCore
import SQLKit
import Storage

/// Commits gateway usage in batches: every call waits until its record is committed, and the
/// calls that finish while a batch commits go together in the next transaction, so a busy
/// gateway pays one commit for many calls. Each batch inserts the usage records, adds their
/// cost to each key's spend (UTC day, month, all time), settles their budget reservations,
/// and stamps the keys' and models' `last_used_at`.
public actor UsageBatcher {
    let catalog: CatalogService
    /// A model's use is announced to open pages at most this often.
    let announceEvery: Duration
    private var pending: [(GatewayUsage, CheckedContinuation<Void, any Error>)] = []
    private var flushing = false
    private var announced: [String: ContinuousClock.Instant] = [:]

    public init(catalog: CatalogService, announceEvery: Duration = .seconds(5)) {
        self.catalog = catalog
        self.announceEvery = announceEvery
    }

    /// Returns once `usage` is committed.
    func record(_ usage: GatewayUsage) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((usage, continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            let usages = batch.map(\.0)
            do {
                try await commit(usages)
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
        flushing = false
    }

    private func commit(_ usages: [GatewayUsage]) async throws {
        var modelTimes: [String: String] = [:]
        for usage in usages { modelTimes[usage.record.modelID] = max(modelTimes[usage.record.modelID] ?? "", usage.record.createdAt) }
        let now = ContinuousClock.now
        let announcing = Set(modelTimes.keys.filter { id in announced[id].map { now - $0 >= announceEvery } ?? true })
        for id in announcing { announced[id] = now }
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
