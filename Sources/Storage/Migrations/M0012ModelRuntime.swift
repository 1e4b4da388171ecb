/// Whether each model is loaded on each Ollama server, as Hangar last saw it (a start, a stop,
/// a read of `/api/ps`), so statuses survive a reload and a restart. Keyed by the server and
/// the model's name as Ollama lists it; a connection's rows go with it.
enum M0012ModelRuntime {
    static let migration = Migration(version: 12, name: "model_runtime") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE model_runtime (
                provider_id TEXT\(collate) NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
                name TEXT\(collate) NOT NULL,
                status TEXT NOT NULL,
                message TEXT,
                cause TEXT,
                expires_at TEXT,
                size_vram BIGINT,
                job_id TEXT,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (provider_id, name)
            )
            """
        ]
    }
}
