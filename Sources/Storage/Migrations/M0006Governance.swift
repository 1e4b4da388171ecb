/// Governance: stored system settings, usage records with the prices they were charged at, and
/// the ledger of outbound model calls that the connections' limits are counted on.
/// Usage keeps its model's id and name without a foreign key, so deleting a model keeps its
/// history. Call times are integer milliseconds so both engines compare them the same way.
enum M0006Governance {
    static let migration = Migration(version: 6, name: "governance") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE system_settings (
                key TEXT\(collate) PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE usage_records (
                id TEXT\(collate) PRIMARY KEY,
                model_id TEXT\(collate) NOT NULL,
                model_name TEXT NOT NULL,
                provider_id TEXT\(collate) NOT NULL,
                api_name TEXT NOT NULL,
                purpose TEXT NOT NULL,
                input_tokens INTEGER,
                output_tokens INTEGER,
                latency_ms INTEGER NOT NULL,
                cost_input_per_million TEXT,
                cost_output_per_million TEXT,
                cost_usd TEXT,
                day TEXT\(collate) NOT NULL,
                created_at TEXT\(collate) NOT NULL
            )
            """,
            "CREATE INDEX usage_records_day ON usage_records (day, model_id)",
            "CREATE INDEX usage_records_model ON usage_records (model_id, created_at)",
            "CREATE INDEX usage_records_created ON usage_records (created_at)",
            """
            CREATE TABLE model_calls (
                id TEXT\(collate) PRIMARY KEY,
                provider_id TEXT\(collate) NOT NULL,
                started_ms BIGINT NOT NULL,
                expires_ms BIGINT NOT NULL,
                finished_ms BIGINT,
                tokens INTEGER NOT NULL
            )
            """,
            "CREATE INDEX model_calls_provider ON model_calls (provider_id, started_ms)",
        ]
    }
}
