/// The desired state of the Ollama fleet: which model must be on which server. One row per
/// pin, the model named as Ollama lists it, lowercased (the way pull targets are), so
/// `llama3.2` and `Llama3.2:latest` are one pin. A connection's pins go with it.
enum M0013OllamaDesired {
    static let migration = Migration(version: 13, name: "ollama_desired") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE ollama_desired (
                model TEXT\(collate) NOT NULL,
                provider_id TEXT\(collate) NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (model, provider_id)
            )
            """,
            "CREATE INDEX ollama_desired_provider ON ollama_desired (provider_id)",
        ]
    }
}
