import Foundation
import HangarCore
import Storage

/// Keeps each key within its budget on every replica. A call reserves what it may cost at most
/// before it starts, in a transaction that holds the key's lock, and is admitted while the
/// period's spend is under the budget and the calls in flight leave room for it; a call alone
/// is always admitted under the budget. So the budget is overspent by at most one call's cost.
/// The reservation is settled with the usage record (`UsageBatcher`).
public struct BudgetGuard: Sendable {
    let database: any Database
    /// How long a reservation holds if its replica dies mid-call.
    let lease: Duration
    let now: @Sendable () -> Date

    public init(database: any Database, lease: Duration = .seconds(600), now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.lease = lease
        self.now = now
    }

    /// The reservation's id, or nil when the key has no budget.
    public func reserve(for key: APIKey, upTo cost: Decimal) async throws -> String? {
        guard let (limit, period) = key.activeBudget else { return nil }
        let date = now()
        let label = period.label(at: date)
        let nowMS = Int64(date.timeIntervalSince1970 * 1000)
        let leaseMS = lease.components.seconds * 1000
        let limitPico = Picodollars.from(limit)
        let costPico = Picodollars.from(cost)
        let id = UUID().uuidString.lowercased()
        let engine = database.engine
        try await database.write { sql in
            if engine == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockSpace), hashtext(\(bind: key.id)))").run()
            }
            let standing = try await SpendLedger.standing(keyID: key.id, period: label, nowMS: nowMS, on: sql)
            if standing.spent >= limitPico { throw Self.exhausted(key, limit: limit, period: period, at: date) }
            if standing.calls > 0 && standing.spent + standing.reserved + costPico > limitPico {
                throw HangarError(
                    .rateLimited, code: .budgetExceeded,
                    message:
                        "The calls this key has in flight may use the rest of its budget of $\(limit) per \(period.rawValue); try again when they end.",
                    retryAfterSeconds: 1)
            }
            try await SpendLedger.reserve(id: id, keyID: key.id, pico: costPico, expiresMS: nowMS + leaseMS, on: sql)
        }
        return id
    }

    /// Gives back a reservation whose call never reached the upstream.
    public func cancel(_ reservation: String?) async {
        guard let reservation else { return }
        let database = self.database
        await Task { try? await database.write { sql in try await SpendLedger.release(ids: [reservation], on: sql) } }.value
    }

    static func exhausted(_ key: APIKey, limit: Decimal, period: BudgetPeriod, at date: Date) -> HangarError {
        guard let end = period.end(after: date) else {
            return HangarError(
                .rateLimited, code: .budgetExceeded,
                message: "This key has spent its budget of $\(limit); an admin can raise it (PATCH /api/keys/\(key.id)).")
        }
        let seconds = max(1, Int(end.timeIntervalSince(date).rounded(.up)))
        return HangarError(
            .rateLimited, code: .budgetExceeded,
            message:
                "This key has spent its budget of $\(limit) for this \(period.rawValue); it resets at \(Timestamp.format(end)), or an admin can raise it.",
            retryAfterSeconds: seconds)
    }

    static let lockSpace: Int32 = 7_242_024
}
