import HangarCore
import SQLKit

/// Plain query functions over the `models` table; callers choose the transaction.
public enum ModelQueries {
    public static func find(id: String, on sql: any SQLDatabase) async throws -> CatalogModel? {
        guard SQLText.storable(id) else { return nil }
        return try await sql.raw(ModelRow.select + " WHERE m.id = \(bind: id)").first().map(ModelRow.decode)
    }

    public static func find(providerID: String, apiName: String, on sql: any SQLDatabase) async throws -> CatalogModel? {
        guard SQLText.storable(providerID), SQLText.storable(apiName) else { return nil }
        return try await sql.raw(ModelRow.select + " WHERE m.provider_id = \(bind: providerID) AND m.api_name = \(bind: apiName)")
            .first().map(ModelRow.decode)
    }

    /// Every model, by id: for exports, which must not depend on paging.
    /// The models among `ids` that exist, in one statement (GraphQL loads a page's replacements so).
    public static func find(ids: [String], on sql: any SQLDatabase) async throws -> [CatalogModel] {
        let storable = ids.filter(SQLText.storable)
        guard !storable.isEmpty else { return [] }
        return try await sql.raw(ModelRow.select + " WHERE m.id IN (\(binds: storable))").all().map(ModelRow.decode)
    }

    public static func all(on sql: any SQLDatabase) async throws -> [CatalogModel] {
        try await sql.raw(ModelRow.select + " ORDER BY m.id").all().map(ModelRow.decode)
    }

    public static func insert(_ model: CatalogModel, on sql: any SQLDatabase) async throws {
        let values = ModelRow.values(model)
        try await sql.insert(into: "models")
            .columns(values.map(\.0))
            .values(values.map { SQLBind($0.1) })
            .run()
    }

    /// Columns only the downloader writes (through `ModelDownloadQueries`).
    static let downloadColumns: Set<String> = [
        "download_status", "downloaded", "downloaded_at", "local_path", "file_size_bytes", "checksum", "gguf",
        "download_error",
    ]

    /// Writes the admin-editable columns; the download columns are left to `ModelDownloadQueries`
    /// so an edit never overwrites a download's progress.
    public static func update(_ model: CatalogModel, on sql: any SQLDatabase) async throws {
        var builder = sql.update("models")
        for (column, value) in ModelRow.values(model)
        where column != "id" && column != "created_at" && !downloadColumns.contains(column) {
            builder = builder.set(SQLIdentifier(column), to: SQLBind(value))
        }
        try await builder.where("id", .equal, model.id).run()
    }

    public static func delete(id: String, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "models").where("id", .equal, id).run()
    }

    public static func count(providerID: String, on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM models WHERE provider_id = \(bind: providerID)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    public static func delete(providerID: String, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "models").where("provider_id", .equal, providerID).run()
    }

    /// How many other models name this one as their replacement.
    public static func countReplacing(id: String, on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM models WHERE replacement_model_id = \(bind: id) AND id <> \(bind: id)")
            .first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    public static func list(_ query: ModelListQuery, on sql: any SQLDatabase) async throws -> (items: [CatalogModel], total: Int) {
        // No stored value holds NUL, so a filter holding one matches nothing.
        let filters = [query.providerID, query.text, query.after?.sortName, query.after?.id].compactMap { $0 } + (query.ids ?? [])
        guard filters.allSatisfy(SQLText.storable) else { return ([], 0) }
        let conditions = query.conditions()
        let whereClause = conditions.isEmpty ? SQLQueryString("") : " WHERE " + conditions.joined(separator: " AND ")
        var page = ModelRow.select + whereClause
        if let after = query.after {
            page += (conditions.isEmpty ? " WHERE " : " AND ") + "(m.sort_name, m.id) > (\(bind: after.sortName), \(bind: after.id))"
        }
        page += " ORDER BY m.sort_name, m.id LIMIT \(literal: query.limit + 1)"
        if query.after == nil, query.offset > 0 {
            page += " OFFSET \(literal: query.offset)"
        }
        let rows = try await sql.raw(page).all()
        let items = try rows.map(ModelRow.decode)
        // Only a provider-kind filter needs the join; without it SQLite counts from the smallest index.
        let from: SQLQueryString =
            if case .provider = query.kind { "FROM models m JOIN providers p ON p.id = m.provider_id" } else { "FROM models m" }
        let counted = try await sql.raw("SELECT COUNT(*) AS n " + from + whereClause).first()
        return (items, try counted?.decode(column: "n", as: Int.self) ?? 0)
    }

    /// The models matching the query's filters (not its page), by kind, status and origin, in
    /// one pass: the dashboard's counts in one request.
    public static func counts(_ query: ModelListQuery, on sql: any SQLDatabase) async throws -> ModelCounts {
        let filters = [query.providerID, query.text].compactMap { $0 }
        guard filters.allSatisfy(SQLText.storable) else { return ModelCounts() }
        let conditions = query.conditions()
        let whereClause = conditions.isEmpty ? SQLQueryString("") : " WHERE " + conditions.joined(separator: " AND ")
        let from: SQLQueryString =
            if case .provider = query.kind { " FROM models m JOIN providers p ON p.id = m.provider_id" } else { " FROM models m" }
        let select: SQLQueryString = """
            SELECT COALESCE(SUM(CASE WHEN m.kind = 'local' THEN 1 ELSE 0 END), 0) AS local,
                   COALESCE(SUM(CASE WHEN m.status = 'deprecated' THEN 1 ELSE 0 END), 0) AS deprecated,
                   COALESCE(SUM(CASE WHEN m.is_builtin THEN 0 ELSE 1 END), 0) AS custom,
                   COALESCE(SUM(CASE WHEN m.downloaded THEN 1 ELSE 0 END), 0) AS downloaded
            """
        guard let row = try await sql.raw(select + from + whereClause).first() else { return ModelCounts() }
        return ModelCounts(
            local: try row.decode(column: "local", as: Int.self), deprecated: try row.decode(column: "deprecated", as: Int.self),
            custom: try row.decode(column: "custom", as: Int.self), downloaded: try row.decode(column: "downloaded", as: Int.self))
    }
}

/// How many models of a listing are local, deprecated, custom (not built in) and downloaded.
public struct ModelCounts: Sendable, Equatable {
    public var local = 0
    public var deprecated = 0
    public var custom = 0
    public var downloaded = 0

    public init(local: Int = 0, deprecated: Int = 0, custom: Int = 0, downloaded: Int = 0) {
        self.local = local
        self.deprecated = deprecated
        self.custom = custom
        self.downloaded = downloaded
    }
}

/// PostgreSQL text cannot hold NUL (binding one is an error), and Hangar never stores one;
/// lookups by such a value simply find nothing on both engines.
public enum SQLText {
    /// PostgreSQL text cannot hold NUL: such a value names no row.
    public static func storable(_ value: String) -> Bool { !value.utf8.contains(0) }
}
