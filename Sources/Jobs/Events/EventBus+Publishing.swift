import Foundation
import HangarCore
import SQLKit
import Storage

extension EventBus {
    /// Stores one event in its own transaction and delivers it.
    @discardableResult
    public func publish(type: String, action: String, subjectID: String, data: String) async throws -> HangarEvent {
        let draft = EventDraft(type: type, action: action, subjectID: subjectID, data: data)
        let events = try await shielded { try await self.database.write { sql in try await self.store([draft], on: sql) } }
        await deliver(events)
        return events[0]
    }

    /// Runs `body` in one database transaction with a recorder for the events the change
    /// causes. The recorded events are stored after `body` returns, in the same transaction
    /// (the change and its events commit together or not at all), and delivered after the
    /// commit. The transaction runs to its end even if the calling task is cancelled
    /// meanwhile (a half-run transaction could stay open on its connection). This is the
    /// way to publish from a state change:
    ///
    ///     try await bus.write { sql, events in
    ///         let job = try await updateJob(on: sql)
    ///         events.record(type: "job", action: "status", subjectID: job.id, data: json(job))
    ///     }
    public func write<T: Sendable>(
        _ body: @Sendable (any SQLDatabase, EventRecorder) async throws -> T
    ) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            // Awaited right here, so `body` does not outlive this call.
            try await shielded {
                let recorder = EventRecorder()
                let (result, events) = try await self.database.write { sql in
                    let result = try await body(sql, recorder)
                    return (result, try await self.store(recorder.drain(), on: sql))
                }
                await self.deliver(events)
                return result
            }
        }
    }

    /// For a transaction the caller opened with `database.write` itself: stores `drafts` in
    /// it and returns the events to hand to `deliver(_:)` once that transaction has
    /// committed. Call it as the transaction's last statement: on PostgreSQL it takes the
    /// lock that orders events, held until the commit. Prefer `write(_:)`.
    public func store(_ drafts: [EventDraft], on sql: any SQLDatabase) async throws -> [HangarEvent] {
        guard !drafts.isEmpty else { return [] }
        let now = Timestamp.now()
        if database.engine == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockKey))").run()
        }
        var events: [HangarEvent] = []
        for draft in drafts {
            let event = try await EventQueries.insert(draft, createdAt: now, on: sql)
            if database.engine == .postgres {
                // The notification is sent at commit, to every replica's listener.
                try await sql.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: Self.notificationPayload(event)))").run()
            }
            events.append(event)
        }
        if database.engine == .sqlite, let first = events.first {
            // SQLite has one writer, so here (inside it) is where "before" and "after" the
            // start of live delivery are unambiguous.
            fanOut.withLock { state in
                if state.delivered == nil { state.delivered = first.id - 1 }
            }
        }
        return events
    }

    /// Delivers events stored by `store(_:on:)` after their transaction committed. On
    /// SQLite it hands every committed event not yet delivered to the subscribers, in id
    /// order; on PostgreSQL the LISTEN loop does that and this returns at once. Never throws:
    /// the change is committed whatever happens to its announcement.
    public func deliver(_ events: [HangarEvent]) async {
        guard database.engine == .sqlite, !events.isEmpty else { return }
        await fanOutGate.withLock { await catchUpLocked() }
    }

    /// NOTIFY payloads must stay under 8000 bytes: large events travel as their id and the
    /// listeners read them from the log.
    static func notificationPayload(_ event: HangarEvent) -> String {
        if let data = try? JSONEncoder().encode(event), data.count < 7_500, let json = String(data: data, encoding: .utf8) {
            return json
        }
        return String(event.id)
    }
}
