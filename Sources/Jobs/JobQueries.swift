import HangarCore
import SQLKit
import Storage

/// A job row with what the API does not show.
struct StoredJob: Sendable {
    var job: Job
    var payload: String?
    var leaseOwner: String?
}

/// What the pool may have to do: kinds with jobs due, expired leases, and when the next job
/// waiting out a retry delay is due (nil: none waits).
struct PendingWork: Sendable {
    var queuedKinds: Set<String>
    var expired: Bool
    var nextDue: String?
}

/// The SQL of the job queue, as plain functions over a connection. State changes are
/// conditional updates (`WHERE state …`), so two actors racing on one job never both win.
enum JobQueries {
    static let columnNames = [
        "id", "kind", "target", "state", "payload", "progress", "attempts", "error_code", "error_message", "lease_owner",
        "lease_expires_at", "created_at", "started_at", "finished_at", "updated_at", "run_after", "result",
    ]
    static let columns = SQLQueryString(columnNames.joined(separator: ", "))
    static let qualifiedColumns = SQLQueryString(columnNames.map { "jobs.\($0)" }.joined(separator: ", "))

    static func decode(_ row: any SQLRow) throws -> StoredJob {
        let state = try row.decode(column: "state", as: String.self)
        let job = Job(
            id: try row.decode(column: "id", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            target: try row.decode(column: "target", as: String.self),
            // An unknown state (a newer version's) reads as failed: finished, never run again.
            state: JobState(rawValue: state) ?? .failed,
            progress: JobCoding.progress(try row.decode(column: "progress", as: String.self)),
            attempts: try row.decode(column: "attempts", as: Int.self),
            errorCode: try row.decode(column: "error_code", as: String?.self),
            errorMessage: try row.decode(column: "error_message", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            startedAt: try row.decode(column: "started_at", as: String?.self),
            finishedAt: try row.decode(column: "finished_at", as: String?.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self),
            runAfter: try row.decode(column: "run_after", as: String?.self),
            result: JobCoding.result(try row.decode(column: "result", as: String?.self)))
        return StoredJob(
            job: job, payload: try row.decode(column: "payload", as: String?.self),
            leaseOwner: try row.decode(column: "lease_owner", as: String?.self))
    }

    static func insert(_ job: Job, payload: String?, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO jobs (id, kind, target, state, payload, progress, attempts, created_at, updated_at)
            VALUES (\(bind: job.id), \(bind: job.kind), \(bind: job.target), \(bind: job.state.rawValue), \(bind: payload),
                    \(bind: JobCoding.json(job.progress)), \(bind: job.attempts), \(bind: job.createdAt), \(bind: job.updatedAt))
            """
        ).run()
    }

    static func find(id: String, on sql: any SQLDatabase) async throws -> StoredJob? {
        try await sql.raw("SELECT \(columns) FROM jobs WHERE id = \(bind: id)").first().map(decode)
    }

    static func active(kind: String, target: String, on sql: any SQLDatabase) async throws -> StoredJob? {
        try await sql.raw(
            """
            SELECT \(columns) FROM jobs
            WHERE kind = \(bind: kind) AND target = \(bind: target) AND state IN ('queued', 'running')
            """
        ).first().map(decode)
    }

    static func latest(kind: String, target: String, on sql: any SQLDatabase) async throws -> StoredJob? {
        try await sql.raw(
            """
            SELECT \(columns) FROM jobs WHERE kind = \(bind: kind) AND target = \(bind: target)
            ORDER BY created_at DESC, id DESC LIMIT 1
            """
        ).first().map(decode)
    }

    static func list(kind: String?, state: JobState?, target: String?, limit: Int, on sql: any SQLDatabase) async throws -> [StoredJob] {
        var query = sql.select().columns(columnNames).from("jobs")
        if let kind { query = query.where("kind", .equal, kind) }
        if let state { query = query.where("state", .equal, state.rawValue) }
        if let target { query = query.where("target", .equal, target) }
        return try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all().map(decode)
    }

    /// queued|running → canceled; nil when the job is unknown or already finished.
    static func cancel(id: String, now: String, on sql: any SQLDatabase) async throws -> Job? {
        try await sql.raw(
            """
            UPDATE jobs SET state = 'canceled', lease_owner = NULL, lease_expires_at = NULL, run_after = NULL,
                finished_at = \(bind: now), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND state IN ('queued', 'running')
            RETURNING \(columns)
            """
        ).first().map { try decode($0).job }
    }

    /// Kinds with queued jobs due to run, whether any lease has expired, and when the next
    /// job waiting to be retried is due: a read that spares the pool a write transaction when
    /// there is nothing to do.
    static func pendingWork(now: String, on sql: any SQLDatabase) async throws -> PendingWork {
        let kinds = try await sql.raw(
            """
            SELECT DISTINCT kind FROM jobs WHERE state = 'queued' AND \(due(now))
            """
        ).all().map { try $0.decode(column: "kind", as: String.self) }
        let expired =
            try await sql.raw(
                """
                SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < \(bind: now) LIMIT 1
                """
            ).first() != nil
        let nextDue = try await sql.raw(
            """
            SELECT MIN(run_after) AS next FROM jobs WHERE state = 'queued' AND run_after > \(bind: now)
            """
        ).first()?.decode(column: "next", as: String?.self)
        return PendingWork(queuedKinds: Set(kinds), expired: expired, nextDue: nextDue)
    }

    /// A queued job may run: it is not waiting out a retry delay.
    static func due(_ now: String) -> SQLQueryString {
        "(run_after IS NULL OR run_after <= \(bind: now))"
    }

    /// Claims up to `limit` queued jobs of `kind`, oldest first. On PostgreSQL rows another
    /// replica is claiming are skipped, not waited for; the candidates are picked in a CTE,
    /// which PostgreSQL evaluates once (a `LIMIT` subquery under `IN` may be re-run per row
    /// and claim more than `limit`).
    static func claim(
        kind: String, limit: Int, owner: String, leaseExpiresAt: String, now: String, engine: DatabaseEngine,
        on sql: any SQLDatabase
    ) async throws -> [StoredJob] {
        let set: SQLQueryString = """
            SET state = 'running', lease_owner = \(bind: owner), lease_expires_at = \(bind: leaseExpiresAt),
                attempts = attempts + 1, run_after = NULL, started_at = \(bind: now), updated_at = \(bind: now)
            """
        let claimed: [any SQLRow]
        switch engine {
        case .postgres:
            claimed = try await sql.raw(
                """
                WITH next AS (
                    SELECT id FROM jobs WHERE kind = \(bind: kind) AND state = 'queued' AND \(due(now))
                    ORDER BY created_at, id LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs \(set) FROM next WHERE jobs.id = next.id
                RETURNING \(qualifiedColumns)
                """
            ).all()
        case .sqlite:
            // One writer: nothing to skip, and the subquery runs once.
            claimed = try await sql.raw(
                """
                UPDATE jobs \(set)
                WHERE id IN (
                    SELECT id FROM jobs WHERE kind = \(bind: kind) AND state = 'queued' AND \(due(now))
                    ORDER BY created_at, id LIMIT \(bind: limit)
                )
                RETURNING \(columns)
                """
            ).all()
        }
        return try claimed.map(decode).sorted { ($0.job.createdAt, $0.job.id) < ($1.job.createdAt, $1.job.id) }
    }

    /// Running jobs nobody runs any more: those whose lease expired (their worker is gone),
    /// or every running job when `all` (a single-process restart: whoever ran them is gone).
    static func abandoned(all: Bool, now: String, on sql: any SQLDatabase) async throws -> [(id: String, attempts: Int)] {
        try await sql.raw("SELECT id, attempts FROM jobs WHERE state = 'running' \(abandonedCondition(all: all, now: now))")
            .all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "attempts", as: Int.self)) }
    }

    /// Ends an abandoned run: back to the queue until `runAfter`, or failed when `runAfter` is
    /// nil (no attempt left), with `error` as the reason either way. Conditional like the
    /// search, so a replica doing the same at once, or the owner renewing its lease, wins
    /// cleanly; nil then.
    static func endAbandoned(
        id: String, all: Bool, error: JobFailure, runAfter: String?, now: String, on sql: any SQLDatabase
    ) async throws -> Job? {
        try await sql.raw(
            """
            UPDATE jobs SET \(endOfRun(error: error, runAfter: runAfter, now: now))
            WHERE id = \(bind: id) AND state = 'running' \(abandonedCondition(all: all, now: now))
            RETURNING \(columns)
            """
        ).first().map { try decode($0).job }
    }

    private static func abandonedCondition(all: Bool, now: String) -> SQLQueryString {
        all ? "" : "AND lease_expires_at < \(bind: now)"
    }

    /// running → queued until `runAfter` after a run that failed unexpectedly, or → failed
    /// when `runAfter` is nil; only while `owner` holds the job (a cancel wins).
    static func retry(
        id: String, owner: String, progress: JobProgress, error: JobFailure, runAfter: String?, now: String,
        on sql: any SQLDatabase
    ) async throws -> Job? {
        try await sql.raw(
            """
            UPDATE jobs SET \(endOfRun(error: error, runAfter: runAfter, now: now)), progress = \(bind: JobCoding.json(progress))
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running'
            RETURNING \(columns)
            """
        ).first().map { try decode($0).job }
    }

    /// The columns a run ending in a retry (or, without `runAfter`, in failure) sets. The error
    /// stays on a queued job, so that why it waits shows.
    private static func endOfRun(error: JobFailure, runAfter: String?, now: String) -> SQLQueryString {
        let reason: SQLQueryString = """
            error_code = \(bind: error.code.rawValue), error_message = \(bind: error.message), lease_owner = NULL,
                lease_expires_at = NULL, updated_at = \(bind: now)
            """
        if let runAfter {
            return "state = 'queued', run_after = \(bind: runAfter), started_at = NULL, \(reason)"
        }
        return "state = 'failed', run_after = NULL, finished_at = \(bind: now), \(reason)"
    }

    /// Extends the leases of the jobs `ids` that `owner` still runs; returns those ids.
    static func renewLeases(ids: [String], owner: String, until leaseExpiresAt: String, on sql: any SQLDatabase) async throws -> Set<String>
    {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await sql.raw(
                """
                UPDATE jobs SET lease_expires_at = \(bind: leaseExpiresAt)
                WHERE lease_owner = \(bind: owner) AND state = 'running' AND id IN (\(binds: ids))
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) })
    }

    /// Stores progress of a job `owner` still runs; nil when it no longer does.
    static func updateProgress(id: String, owner: String, progress: JobProgress, now: String, on sql: any SQLDatabase) async throws -> Job?
    {
        try await sql.raw(
            """
            UPDATE jobs SET progress = \(bind: JobCoding.json(progress)), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running'
            RETURNING \(columns)
            """
        ).first().map { try decode($0).job }
    }

    /// running → succeeded|failed, only while `owner` holds the job (a cancel or a new owner
    /// since then wins).
    static func finish(
        id: String, owner: String, state: JobState, progress: JobProgress, error: JobFailure?, result: JSONValue? = nil,
        now: String, on sql: any SQLDatabase
    ) async throws -> Job? {
        try await sql.raw(
            """
            UPDATE jobs SET state = \(bind: state.rawValue), progress = \(bind: JobCoding.json(progress)),
                result = \(bind: result.map(JobCoding.json)),
                error_code = \(bind: error?.code.rawValue), error_message = \(bind: error?.message), run_after = NULL,
                lease_owner = NULL, lease_expires_at = NULL, finished_at = \(bind: now), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running'
            RETURNING \(columns)
            """
        ).first().map { try decode($0).job }
    }

    /// running → queued for a job `owner` stops on shutdown, so the next start resumes it at
    /// once. The run is not counted: the job did nothing wrong.
    static func release(id: String, owner: String, progress: JobProgress, now: String, on sql: any SQLDatabase) async throws -> Job? {
        try await sql.raw(
            """
            UPDATE jobs SET state = 'queued', progress = \(bind: JobCoding.json(progress)), lease_owner = NULL,
                lease_expires_at = NULL, started_at = NULL, attempts = attempts - 1, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running'
            RETURNING \(columns)
            """
        ).first().map { try decode($0).job }
    }
}
