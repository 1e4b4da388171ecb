import HangarCore
import SQLKit

/// The pins of `ollama_desired`; OllamaService is its only writer.
enum DesiredQueries {
    struct Pin: Sendable, Hashable {
        var model: String
        var providerID: String
        var updatedAt: String
    }

    static func all(on sql: any SQLDatabase) async throws -> [Pin] {
        try await sql.select()
            .columns("model", "provider_id", "updated_at")
            .from("ollama_desired")
            .orderBy("model").orderBy("provider_id")
            .all()
            .map { row in
                Pin(
                    model: try row.decode(column: "model", as: String.self),
                    providerID: try row.decode(column: "provider_id", as: String.self),
                    updatedAt: try row.decode(column: "updated_at", as: String.self))
            }
    }

    /// Makes `providerIDs` the model's whole pin set; a server kept keeps its `created_at`.
    static func replace(model: String, providerIDs: [String], now: String, on sql: any SQLDatabase) async throws {
        let kept = Set(providerIDs)
        let stored = try await sql.select().column("provider_id").from("ollama_desired").where("model", .equal, model).all()
            .map { try $0.decode(column: "provider_id", as: String.self) }
        for providerID in stored where !kept.contains(providerID) {
            try await sql.delete(from: "ollama_desired").where("model", .equal, model).where("provider_id", .equal, providerID).run()
        }
        for providerID in providerIDs {
            if stored.contains(providerID) {
                try await sql.update("ollama_desired").set("updated_at", to: SQLBind(now))
                    .where("model", .equal, model).where("provider_id", .equal, providerID).run()
            } else {
                try await sql.insert(into: "ollama_desired")
                    .columns("model", "provider_id", "created_at", "updated_at")
                    .values(SQLBind(model), SQLBind(providerID), SQLBind(now), SQLBind(now))
                    .run()
            }
        }
    }
}

/// The catalog's links from a model made on an Ollama server to the local model it was made
/// from (read only: the catalog writes `models`).
enum DeployedFromQueries {
    static func links(on sql: any SQLDatabase) async throws -> [(apiName: String, localModelID: String)] {
        try await sql.select().columns("api_name", "deployed_from").from("models")
            .where("deployed_from", .isNot, SQLLiteral.null)
            .orderBy("id")
            .all()
            .map { row in
                (try row.decode(column: "api_name", as: String.self), try row.decode(column: "deployed_from", as: String.self))
            }
    }
}
