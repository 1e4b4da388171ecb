/// Providers and the model catalog. Timestamps and decimal prices are TEXT on both engines
/// (ISO-8601 and canonical decimal strings) so values read back identically everywhere;
/// PostgreSQL sort columns use the "C" collation so both engines order pages the same way.
enum M0001Catalog {
    static let migration = Migration(version: 1, name: "catalog") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE providers (
                id TEXT\(collate) PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                base_url TEXT,
                api_version TEXT,
                enabled BOOLEAN NOT NULL,
                default_model_id TEXT,
                rpm_limit INTEGER,
                tpm_limit INTEGER,
                max_parallel INTEGER,
                is_builtin BOOLEAN NOT NULL,
                last_test TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX providers_name_key ON providers (name_key)",
            """
            CREATE TABLE models (
                id TEXT\(collate) PRIMARY KEY,
                provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                api_name TEXT NOT NULL,
                context_window INTEGER NOT NULL,
                max_output_tokens INTEGER NOT NULL,
                temperature_default DOUBLE PRECISION NOT NULL,
                is_builtin BOOLEAN NOT NULL,
                status TEXT NOT NULL,
                replacement_model_id TEXT REFERENCES models (id) ON DELETE SET NULL,
                cost_input_per_million TEXT,
                cost_output_per_million TEXT,
                last_used_at TEXT,
                hf_repo TEXT,
                hf_revision TEXT,
                model_file TEXT,
                download_status TEXT,
                downloaded BOOLEAN,
                downloaded_at TEXT,
                local_path TEXT,
                file_size_bytes BIGINT,
                checksum TEXT,
                gguf TEXT,
                sort_name TEXT\(collate) NOT NULL,
                search_text TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CONSTRAINT models_provider_api_name UNIQUE (provider_id, api_name)
            )
            """,
            "CREATE INDEX models_sort ON models (sort_name, id)",
            "CREATE INDEX models_provider_sort ON models (provider_id, sort_name, id)",
            "CREATE INDEX models_status_sort ON models (status, sort_name, id)",
            "CREATE INDEX models_replacement ON models (replacement_model_id)",
        ]
    }
}
