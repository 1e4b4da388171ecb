import Foundation
import SQLKit

/// The queries behind the limits: one row per outbound model call, kept for a window (a minute)
/// after it started so requests and tokens per minute can be counted over a sliding window.
enum CallLedger {
    struct Snapshot: Sendable {
        var inFlight = 0
        /// Start times (ms) and tokens of the calls that started within the window, oldest first.
        var recent: [(startedMS: Int64, tokens: Int)] = []
    }

    /// Forgets calls that no longer count for anything: finished (or abandoned past their lease)
    /// and started before the window.
    static func prune(providerID: String, now: Int64, window: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            DELETE FROM model_calls WHERE provider_id = \(bind: providerID) AND started_ms < \(bind: now - window)
              AND (finished_ms IS NOT NULL OR expires_ms < \(bind: now))
            """
        ).run()
    }

    static func snapshot(providerID: String, now: Int64, window: Int64, on sql: any SQLDatabase) async throws -> Snapshot {
        let rows = try await sql.raw(
            """
            SELECT started_ms, expires_ms, finished_ms, tokens FROM model_calls
            WHERE provider_id = \(bind: providerID) ORDER BY started_ms
            """
        ).all()
        var snapshot = Snapshot()
        for row in rows {
            let started = try row.decode(column: "started_ms", as: Int64.self)
            let expires = try row.decode(column: "expires_ms", as: Int64.self)
            let finished = try row.decode(column: "finished_ms", as: Int64?.self)
            if finished == nil && expires > now { snapshot.inFlight += 1 }
            if started > now - window {
                snapshot.recent.append((started, try row.decode(column: "tokens", as: Int.self)))
            }
        }
        return snapshot
    }

    static func insert(id: String, providerID: String, now: Int64, lease: Int64, tokens: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO model_calls (id, provider_id, started_ms, expires_ms, finished_ms, tokens)
            VALUES (\(bind: id), \(bind: providerID), \(bind: now), \(bind: now + lease), NULL, \(bind: tokens))
            """
        ).run()
    }

    static func finish(id: String, now: Int64, tokens: Int?, on sql: any SQLDatabase) async throws {
        if let tokens {
            try await sql.raw("UPDATE model_calls SET finished_ms = \(bind: now), tokens = \(bind: tokens) WHERE id = \(bind: id)").run()
        } else {
            try await sql.raw("UPDATE model_calls SET finished_ms = \(bind: now) WHERE id = \(bind: id)").run()
        }
    }
}
