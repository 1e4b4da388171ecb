import HangarCore
import SQLKit
import Storage

/// The SQL of the event log, as plain functions over a connection.
enum EventQueries {
    static func insert(_ draft: EventDraft, createdAt: String, on sql: any SQLDatabase) async throws -> HangarEvent {
        let row = try await sql.raw(
            """
            INSERT INTO events (type, action, subject_id, data, created_at)
            VALUES (\(bind: draft.type), \(bind: draft.action), \(bind: draft.subjectID), \(bind: draft.data), \(bind: createdAt))
            RETURNING id
            """
        ).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else {
            throw EventStoreError(description: "INSERT INTO events returned no id")
        }
        return HangarEvent(id: id, type: draft.type, action: draft.action, subjectID: draft.subjectID, data: draft.data)
    }

    /// Stored events with an id above `id`, oldest first.
    static func events(after id: Int64, subjectID: String? = nil, limit: Int, on sql: any SQLDatabase) async throws -> [HangarEvent] {
        let rows: [any SQLRow]
        if let subjectID {
            rows = try await sql.raw(
                """
                SELECT id, type, action, subject_id, data FROM events
                WHERE subject_id = \(bind: subjectID) AND id > \(bind: id) ORDER BY id LIMIT \(bind: limit)
                """
            ).all()
        } else {
            rows = try await sql.raw(
                """
                SELECT id, type, action, subject_id, data FROM events WHERE id > \(bind: id) ORDER BY id LIMIT \(bind: limit)
                """
            ).all()
        }
        return try rows.map { row in
            HangarEvent(
                id: try row.decode(column: "id", as: Int64.self), type: try row.decode(column: "type", as: String.self),
                action: try row.decode(column: "action", as: String.self),
                subjectID: try row.decode(column: "subject_id", as: String.self),
                data: try row.decode(column: "data", as: String.self))
        }
    }

    static func latestID(on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT COALESCE(MAX(id), 0) AS id FROM events").first()?.decode(column: "id", as: Int64.self) ?? 0
    }

    /// Deletes events created before `cutoff`, then all but the newest `keep`; returns how many.
    static func prune(createdBefore cutoff: String, keep: Int, on sql: any SQLDatabase) async throws -> Int {
        let old = try await sql.raw("DELETE FROM events WHERE created_at < \(bind: cutoff) RETURNING id").all().count
        let surplus = try await sql.raw(
            """
            DELETE FROM events WHERE id < (
                SELECT MIN(id) FROM (SELECT id FROM events ORDER BY id DESC LIMIT \(bind: max(1, keep))) AS newest
            )
            RETURNING id
            """
        ).all().count
        return old + surplus
    }
}

struct EventStoreError: Error, CustomStringConvertible {
    let description: String
}
