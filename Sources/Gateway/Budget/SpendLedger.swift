import Foundation
import HangarCore
import SQLKit

/// The SQL of `key_spend` (what each key spent per UTC day, month and all time) and
/// `key_reservations` (what calls in flight may still cost). The gateway is their one writer.
enum SpendLedger {
    /// Every period a call's cost counts in, so any budget period can be read at once.
    static func periods(at date: Date) -> [String] {
        BudgetPeriod.allCases.map { $0.label(at: date) }
    }

    /// Spend of many keys, each in its own period.
    static func spent(_ wanted: [(keyID: String, period: String)], on sql: any SQLDatabase) async throws -> [String: Int64] {
        guard !wanted.isEmpty else { return [:] }
        let periods = Set(wanted.map(\.period))
        var query = SQLQueryString("SELECT key_id, period, spent_pico FROM key_spend WHERE period IN (")
        for (index, period) in periods.sorted().enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
            query.appendInterpolation(bind: period)
        }
        query.appendInterpolation(unsafeRaw: ")")
        let want = Set(wanted.map { "\($0.keyID)\u{0}\($0.period)" })
        var spent: [String: Int64] = [:]
        for row in try await sql.raw(query).all() {
            let keyID = try row.decode(column: "key_id", as: String.self)
            let period = try row.decode(column: "period", as: String.self)
            if want.contains("\(keyID)\u{0}\(period)") { spent[keyID] = try row.decode(column: "spent_pico", as: Int64.self) }
        }
        return spent
    }

    /// Adds `pico` to the key's spend in each of `periods`, creating the rows as needed.
    static func add(keyID: String, pico: Int64, periods: [String], on sql: any SQLDatabase) async throws {
        guard !periods.isEmpty else { return }
        // One statement for every period: each is a round trip on PostgreSQL.
        var query = SQLQueryString("INSERT INTO key_spend (key_id, period, spent_pico) VALUES ")
        for (index, period) in periods.enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
            query.appendInterpolation("(\(bind: keyID), \(bind: period), \(bind: pico))" as SQLQueryString)
        }
        query.appendInterpolation(
            unsafeRaw: " ON CONFLICT (key_id, period) DO UPDATE SET spent_pico = key_spend.spent_pico + excluded.spent_pico")
        try await sql.raw(query).run()
    }

    /// The key's spend in `period`, what its calls in flight may still cost, and how many there
    /// are, read in one statement: a call settled by another replica (its reservation turned
    /// into spend) is then counted once, never seen in neither. Lapsed reservations (a replica
    /// that died mid-call) no longer count and are removed.
    static func standing(
        keyID: String, period: String, nowMS: Int64, on sql: any SQLDatabase
    ) async throws -> (spent: Int64, reserved: Int64, calls: Int) {
        try await sql.raw("DELETE FROM key_reservations WHERE key_id = \(bind: keyID) AND expires_ms < \(bind: nowMS)").run()
        let row = try await sql.raw(
            """
            SELECT
              COALESCE((SELECT spent_pico FROM key_spend WHERE key_id = \(bind: keyID) AND period = \(bind: period)), 0) AS spent,
              CAST(COALESCE((SELECT SUM(pico) FROM key_reservations WHERE key_id = \(bind: keyID)), 0) AS BIGINT) AS reserved,
              (SELECT COUNT(*) FROM key_reservations WHERE key_id = \(bind: keyID)) AS calls
            """
        ).first()
        guard let row else { return (0, 0, 0) }
        return (
            try row.decode(column: "spent", as: Int64.self), try row.decode(column: "reserved", as: Int64.self),
            try row.decode(column: "calls", as: Int.self)
        )
    }

    static func reserve(id: String, keyID: String, pico: Int64, expiresMS: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO key_reservations (id, key_id, pico, expires_ms)
            VALUES (\(bind: id), \(bind: keyID), \(bind: pico), \(bind: expiresMS))
            """
        ).run()
    }

    static func release(ids: [String], on sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        var query = SQLQueryString("DELETE FROM key_reservations WHERE id IN (")
        for (index, id) in ids.enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
            query.appendInterpolation(bind: id)
        }
        query.appendInterpolation(unsafeRaw: ")")
        try await sql.raw(query).run()
    }
}
