/// A model made on an Ollama server from a local model's file names that local model.
enum M0011Deployments {
    static let migration = Migration(version: 11, name: "deployments") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            "ALTER TABLE models ADD COLUMN deployed_from TEXT\(collate)",
            "CREATE INDEX models_deployed_from ON models (deployed_from)",
        ]
    }
}
