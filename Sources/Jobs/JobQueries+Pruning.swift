import SQLKit
import Storage

extension JobQueries {
    /// Deletes up to `limit` finished jobs whose `finished_at` is before `cutoff`, oldest
    /// first; returns how many. Active jobs are never touched. On PostgreSQL rows another
    /// replica is deleting at the same moment are skipped rather than waited for, so replicas
    /// pruning together neither block nor fail each other.
    static func pruneFinished(before cutoff: String, limit: Int, engine: DatabaseEngine, on sql: any SQLDatabase) async throws -> Int {
        let finished: SQLQueryString = """
            SELECT id FROM jobs WHERE state IN ('succeeded', 'failed', 'canceled') AND finished_at < \(bind: cutoff)
            ORDER BY finished_at LIMIT \(bind: limit)
            """
        switch engine {
        case .postgres:
            return try await sql.raw(
                """
                WITH old AS (\(finished) FOR UPDATE SKIP LOCKED)
                DELETE FROM jobs USING old WHERE jobs.id = old.id RETURNING jobs.id
                """
            ).all().count
        case .sqlite:
            return try await sql.raw("DELETE FROM jobs WHERE id IN (\(finished)) RETURNING id").all().count
        }
    }
}
