import HangarCore
import SQLKit

/// The rows of `model_runtime`, and the catalog models they belong to. Only `RuntimeStatuses`
/// calls the writes.
enum RuntimeQueries {
    static let columns = ["provider_id", "name", "status", "message", "cause", "expires_at", "size_vram", "job_id", "updated_at"]

    struct Row: Sendable, Hashable {
        var state: RuntimeState
        /// What set an `error`: `start` (kept until the next start or stop) or `poll` (cleared
        /// by the next answer of the server).
        var cause: String?
    }

    static func all(providerID: String? = nil, on sql: any SQLDatabase) async throws -> [Row] {
        var query = sql.select().columns(columns.map { SQLColumn($0) }).from("model_runtime")
        if let providerID { query = query.where("provider_id", .equal, providerID) }
        return try await query.orderBy("provider_id").orderBy("name").all().map(decode)
    }

    static func find(providerID: String, name: String, on sql: any SQLDatabase) async throws -> Row? {
        try await sql.select().columns(columns.map { SQLColumn($0) }).from("model_runtime")
            .where("provider_id", .equal, providerID).where("name", .equal, name)
            .first().map(decode)
    }

    static func upsert(_ row: Row, on sql: any SQLDatabase) async throws {
        let state = row.state
        // One statement, so that two writers of a new row (a start and its job, two replicas'
        // pollers) do not both insert it.
        try await sql.insert(into: "model_runtime").columns(columns)
            .values(
                SQLBind(state.providerID), SQLBind(state.name), SQLBind(state.status.rawValue), SQLBind(state.message),
                SQLBind(row.cause), SQLBind(state.expiresAt), SQLBind(state.sizeVRAM), SQLBind(state.jobID), SQLBind(state.updatedAt)
            )
            .onConflict(with: ["provider_id", "name"]) { update in
                columns.dropFirst(2).reduce(update) { update, column in update.set(excludedValueOf: column) }
            }
            .run()
    }

    static func decode(_ row: any SQLRow) throws -> Row {
        let status = RuntimeStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .error
        return Row(
            state: RuntimeState(
                providerID: try row.decode(column: "provider_id", as: String.self), name: try row.decode(column: "name", as: String.self),
                status: status, message: try row.decode(column: "message", as: String?.self),
                expiresAt: try row.decode(column: "expires_at", as: String?.self),
                sizeVRAM: try row.decode(column: "size_vram", as: Int64?.self), jobID: try row.decode(column: "job_id", as: String?.self),
                updatedAt: try row.decode(column: "updated_at", as: String.self)),
            cause: try row.decode(column: "cause", as: String?.self))
    }

    /// A catalog model on an Ollama connection.
    struct Placement: Sendable, Hashable {
        var modelID: String
        var providerID: String
        var providerName: String
        var enabled: Bool
        var apiName: String
        var deployedFrom: String?
        /// `apiName` the way runtime rows are keyed.
        var key: String { RuntimeQueries.key(apiName) }
    }

    /// Every catalog model on an Ollama connection.
    static func placements(on sql: any SQLDatabase) async throws -> [Placement] {
        let rows = try await sql.raw(
            """
            SELECT m.id, m.provider_id, p.name AS provider_name, p.enabled, m.api_name, m.deployed_from
            FROM models m JOIN providers p ON p.id = m.provider_id
            WHERE p.kind = 'ollama' ORDER BY p.name, m.api_name
            """
        ).all()
        return try rows.map { row in
            Placement(
                modelID: try row.decode(column: "id", as: String.self), providerID: try row.decode(column: "provider_id", as: String.self),
                providerName: try row.decode(column: "provider_name", as: String.self),
                enabled: try row.decode(column: "enabled", as: Bool.self), apiName: try row.decode(column: "api_name", as: String.self),
                deployedFrom: try row.decode(column: "deployed_from", as: String?.self))
        }
    }

    /// How a name is keyed: Ollama's shortest form with its tag, lower case (`Llama3.2` → `llama3.2:latest`),
    /// as pull targets are.
    static func key(_ name: String) -> String {
        ((try? OllamaName(name))?.shortest ?? name).lowercased()
    }

    /// The catalog models a state of `providerID`/`key` belongs to: that connection's models of
    /// the name, and the local models they were made from.
    static func modelIDs(providerID: String, key: String, in placements: [Placement]) -> [String] {
        var ids: [String] = []
        for placement in placements where placement.providerID == providerID && placement.key == key {
            ids.append(placement.modelID)
            if let local = placement.deployedFrom, !ids.contains(local) { ids.append(local) }
        }
        return ids
    }
}
