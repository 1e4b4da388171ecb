/// The last update check of each model of each Ollama server, so the badges survive a reload
/// and a restart. Keyed by the server's own model name; a connection's rows go with it.
enum M0005OllamaUpdateChecks {
    static let migration = Migration(version: 5, name: "ollama_update_checks") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE ollama_update_checks (
                provider_id TEXT\(collate) NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
                model TEXT\(collate) NOT NULL,
                status TEXT NOT NULL,
                reason TEXT,
                local_digest TEXT NOT NULL,
                remote_digest TEXT,
                checked_at TEXT NOT NULL,
                PRIMARY KEY (provider_id, model)
            )
            """
        ]
    }
}
