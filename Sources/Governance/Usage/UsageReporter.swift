import Catalog
import Foundation
import HangarCore
import Storage
import Synchronization

/// `GET /api/usage` and `GET /api/usage/records`. Sums are exact decimals computed here rather
/// than in SQL, because neither engine sums decimal text exactly.
public struct UsageReporter: Sendable {
    let database: any Database
    let today: @Sendable () -> String

    public init(database: any Database, today: @escaping @Sendable () -> String = { String(Timestamp.format(Date()).prefix(10)) }) {
        self.database = database
        self.today = today
    }

    /// `keys` names the application keys (id → name and prefix); a key missing from it keeps
    /// its calls, without a name.
    public func report(
        from: String?, to: String?, modelID: String?, providerID: String?, keyID: String? = nil,
        keys: [String: (name: String, prefix: String)] = [:]
    ) async throws -> UsageReport {
        try Self.checkIDs(["model_id": modelID, "provider_id": providerID, "key_id": keyID])
        let (first, last) = try Self.range(from: from, to: to, today: today())
        // An id no database can hold (a NUL) names nothing: no calls, rather than a driver error.
        guard [modelID, providerID, keyID].allSatisfy({ $0.map(SQLText.storable) ?? true }) else {
            return UsageReport(from: first, to: last, days: [], totals: UsageTotals())
        }
        let tally = Tally()
        try await database.read { sql in
            try await UsageQueries.forEach(
                from: first, to: last, modelID: modelID, providerID: providerID, keyID: keyID, on: sql, tally.add)
        }
        let (rows, byKey, totals) = tally.state.withLock { ($0.rows, $0.byKey, $0.totals) }
        let days = rows.values.sorted { ($0.day, $0.modelName, $0.modelID) < ($1.day, $1.modelName, $1.modelID) }
        let perKey = byKey.map { id, totals in UsageByKey(keyID: id, keyName: keys[id]?.name, keyPrefix: keys[id]?.prefix, totals: totals) }
            .sorted { ($1.totals.calls, $0.keyName ?? "", $0.keyID) < ($0.totals.calls, $1.keyName ?? "", $1.keyID) }
        return UsageReport(from: first, to: last, days: days, totals: totals, keys: perKey)
    }

    public func records(modelID: String?, limit: Int) async throws -> UsageRecordList {
        try Self.checkIDs(["model_id": modelID])
        if let problem = FieldError.outside(limit, 1...500, "Limit must be between 1 and 500.") {
            throw HangarError.validation(["limit": problem])
        }
        guard modelID.map(SQLText.storable) ?? true else { return UsageRecordList(records: []) }
        return UsageRecordList(
            records: try await database.read { sql in try await UsageQueries.latest(modelID: modelID, limit: limit, on: sql) })
    }

    /// The report's sums, added to as the records stream by.
    final class Tally: Sendable {
        struct State {
            var rows: [String: UsageDay] = [:]
            var byKey: [String: UsageTotals] = [:]
            var totals = UsageTotals()
        }

        let state = Mutex(State())

        @Sendable func add(_ record: UsageRecord) {
            state.withLock { state in
                let key = "\(record.createdAt.prefix(10))\u{0}\(record.modelID)"
                var row =
                    state.rows[key]
                    ?? UsageDay(
                        day: String(record.createdAt.prefix(10)), modelID: record.modelID, modelName: record.modelName,
                        providerID: record.providerID, totals: UsageTotals())
                row.modelName = record.modelName
                row.totals.add(record)
                state.rows[key] = row
                state.totals.add(record)
                if let keyID = record.keyID { state.byKey[keyID, default: UsageTotals()].add(record) }
            }
        }
    }

    /// Filters name ids: an empty one is a mistake, not "every model".
    static func checkIDs(_ ids: [String: String?]) throws {
        var fields: [String: FieldError] = [:]
        for case (let name, let id?) in ids {
            fields[name] = .length(of: id, max: 128, "An id is 1 to 128 characters; leave the filter out to see everything.")
        }
        guard fields.isEmpty else { throw HangarError.validation(fields) }
    }

    /// The inclusive day range: real calendar days (proleptic Gregorian, years 0000–9999, as
    /// the contract's `format: date` allows). Any range is accepted: one whose `from` is after
    /// its `to` holds no day and reports nothing.
    static func range(from: String?, to: String?, today: String) throws -> (String, String) {
        let last = to ?? today
        guard let lastDay = CivilDay(last) else {
            throw HangarError.validation(["to": .invalidFormat(example: "2026-01-31", "Use a real date like 2026-01-31.")])
        }
        let first = from ?? CivilDay(number: max(CivilDay.firstNumber, lastDay.number - 29)).text
        guard CivilDay(first) != nil else {
            throw HangarError.validation(["from": .invalidFormat(example: "2026-01-01", "Use a real date like 2026-01-01.")])
        }
        return (first, last)
    }
}
