import HangarCore
import SQLKit

/// The stored update checks of an Ollama server's models.
enum UpdateCheckQueries {
    static func all(providerID: String, on sql: any SQLDatabase) async throws -> [String: OllamaUpdateCheck] {
        let rows = try await sql.select()
            .columns("model", "status", "reason", "local_digest", "remote_digest", "checked_at")
            .from("ollama_update_checks")
            .where("provider_id", .equal, providerID)
            .all()
        var checks: [String: OllamaUpdateCheck] = [:]
        for row in rows {
            let model = try row.decode(column: "model", as: String.self)
            guard let status = OllamaUpdateStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            checks[model] = OllamaUpdateCheck(
                status: status, reason: try row.decode(column: "reason", as: String?.self),
                localDigest: try row.decode(column: "local_digest", as: String.self),
                remoteDigest: try row.decode(column: "remote_digest", as: String?.self),
                checkedAt: try row.decode(column: "checked_at", as: String.self))
        }
        return checks
    }

    /// Replaces the server's checks with `checks` (models gone from the server lose theirs).
    static func replace(providerID: String, with checks: [String: OllamaUpdateCheck], on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "ollama_update_checks").where("provider_id", .equal, providerID).run()
        for (model, check) in checks.sorted(by: { $0.key < $1.key }) {
            try await sql.insert(into: "ollama_update_checks")
                .columns("provider_id", "model", "status", "reason", "local_digest", "remote_digest", "checked_at")
                .values(
                    SQLBind(providerID), SQLBind(model), SQLBind(check.status.rawValue), SQLBind(check.reason),
                    SQLBind(check.localDigest), SQLBind(check.remoteDigest), SQLBind(check.checkedAt)
                )
                .run()
        }
    }
}
