/// Background jobs and the event log.
///
/// `jobs_one_active` is what makes "one active job per target" race-free, also between
/// replicas: a second enqueue for the same (kind, target) fails on the index and returns the
/// job that won. Lease times are fixed-width ISO-8601 TEXT (`Timestamp`), compared as text.
///
/// Event ids are the log's order and SSE's `Last-Event-ID`: AUTOINCREMENT on SQLite so an id
/// is never reused after pruning, BIGSERIAL on PostgreSQL.
enum M0003JobsAndEvents {
    static let migration = Migration(version: 3, name: "jobs_and_events") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        let eventID = engine == .postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"
        return [
            """
            CREATE TABLE jobs (
                id TEXT\(collate) PRIMARY KEY,
                kind TEXT NOT NULL,
                target TEXT NOT NULL,
                state TEXT NOT NULL,
                payload TEXT,
                progress TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                error_code TEXT,
                error_message TEXT,
                lease_owner TEXT,
                lease_expires_at TEXT,
                created_at TEXT NOT NULL,
                started_at TEXT,
                finished_at TEXT,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX jobs_one_active ON jobs (kind, target) WHERE state IN ('queued', 'running')",
            "CREATE INDEX jobs_state_created ON jobs (state, created_at)",
            "CREATE INDEX jobs_target_created ON jobs (kind, target, created_at)",
            "CREATE INDEX jobs_created ON jobs (created_at)",
            """
            CREATE TABLE events (
                id \(eventID),
                type TEXT NOT NULL,
                action TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                data TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX events_subject ON events (subject_id, id)",
            "CREATE INDEX events_created ON events (created_at)",
        ]
    }
}
