/// Jobs retried after an unexpected failure or an abandoned run wait in the queue until
/// `run_after` (same fixed-width text as the other times; NULL = at once). Finished jobs are
/// pruned by `finished_at`, which the partial index keeps cheap to find without covering the
/// active ones.
enum M0007JobRetries {
    static let migration = Migration(version: 7, name: "job_retries") { _ in
        [
            "ALTER TABLE jobs ADD COLUMN run_after TEXT",
            "CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('succeeded', 'failed', 'canceled')",
        ]
    }
}
