import Foundation
import HangarCore
import SQLKit

/// Plain query functions over the `providers` table; callers choose the transaction.
public enum ProviderQueries {
    static let select: SQLQueryString = """
        SELECT id, kind, name, base_url, api_version, enabled, default_model_id, rpm_limit, tpm_limit,
               max_parallel, is_builtin, last_test, created_at, updated_at,
               CASE WHEN api_key_secret IS NULL THEN 0 ELSE 1 END AS api_key_configured
        FROM providers
        """

    public static func find(id: String, on sql: any SQLDatabase) async throws -> Provider? {
        guard SQLText.storable(id) else { return nil }
        return try await sql.raw(select + " WHERE id = \(bind: id)").first().map(decode)
    }

    public static func find(nameKey: String, on sql: any SQLDatabase) async throws -> Provider? {
        guard SQLText.storable(nameKey) else { return nil }
        return try await sql.raw(select + " WHERE name_key = \(bind: nameKey)").first().map(decode)
    }

    /// Builtin connections first, in their seeded order, then the others by name.
    public static func all(on sql: any SQLDatabase) async throws -> [Provider] {
        let providers = try await sql.raw(select).all().map(decode)
        let builtinOrder = Dictionary(uniqueKeysWithValues: BuiltinCatalog.providers.enumerated().map { ($1.id, $0) })
        return providers.sorted { lhs, rhs in
            let left = builtinOrder[lhs.id] ?? Int.max
            let right = builtinOrder[rhs.id] ?? Int.max
            if left != right { return left < right }
            return (lhs.name.lowercased(), lhs.id) < (rhs.name.lowercased(), rhs.id)
        }
    }

    /// Inserts unless a connection with this id or name exists: used by the idempotent seed.
    public static func insertIfAbsent(_ provider: Provider, on sql: any SQLDatabase) async throws {
        let values = self.values(provider)
        try await sql.raw(
            """
            INSERT INTO providers (\(unsafeRaw: values.map(\.0).joined(separator: ", ")))
            VALUES (\(binds: values.map(\.1))) ON CONFLICT DO NOTHING
            """
        ).run()
    }

    /// Inserts a new connection; a duplicate name surfaces as `StorageError.uniqueViolation`.
    public static func insert(_ provider: Provider, on sql: any SQLDatabase) async throws {
        let values = self.values(provider)
        try await sql.raw(
            "INSERT INTO providers (\(unsafeRaw: values.map(\.0).joined(separator: ", "))) VALUES (\(binds: values.map(\.1)))"
        )
        .run()
    }

    public static func delete(id: String, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "providers").where("id", .equal, id).run()
    }

    /// The sealed key of a connection, as stored.
    public static func sealedKey(id: String, on sql: any SQLDatabase) async throws -> String? {
        guard SQLText.storable(id) else { return nil }
        return try await sql.raw("SELECT api_key_secret FROM providers WHERE id = \(bind: id)").first()?
            .decode(column: "api_key_secret", as: String?.self)
    }

    public static func setSealedKey(_ sealed: String?, id: String, on sql: any SQLDatabase) async throws {
        try await sql.update("providers").set("api_key_secret", to: SQLBind(sealed)).where("id", .equal, id).run()
    }

    public static func update(_ provider: Provider, on sql: any SQLDatabase) async throws {
        var builder = sql.update("providers")
        for (column, value) in values(provider) where column != "id" && column != "created_at" {
            builder = builder.set(SQLIdentifier(column), to: SQLBind(value))
        }
        try await builder.where("id", .equal, provider.id).run()
    }

    static func nameKey(_ name: String) -> String { name.lowercased() }

    static func values(_ provider: Provider) -> [(String, any Encodable & Sendable)] {
        let lastTest = provider.lastTest.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        return [
            ("id", provider.id),
            ("kind", provider.kind.rawValue),
            ("name", provider.name),
            ("name_key", nameKey(provider.name)),
            ("base_url", provider.baseURL),
            ("api_version", provider.apiVersion),
            ("enabled", provider.enabled),
            ("default_model_id", provider.defaultModelID),
            ("rpm_limit", provider.rpmLimit),
            ("tpm_limit", provider.tpmLimit),
            ("max_parallel", provider.maxParallel),
            ("is_builtin", provider.isBuiltin),
            ("last_test", lastTest),
            ("created_at", provider.createdAt),
            ("updated_at", provider.updatedAt),
        ]
    }

    static func decode(_ row: any SQLRow) throws -> Provider {
        let kindRaw = try row.decode(column: "kind", as: String.self)
        guard let kind = ProviderKind(rawValue: kindRaw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown provider kind '\(kindRaw)'"))
        }
        return Provider(
            id: try row.decode(column: "id", as: String.self),
            kind: kind,
            name: try row.decode(column: "name", as: String.self),
            baseURL: try row.decode(column: "base_url", as: String?.self),
            apiVersion: try row.decode(column: "api_version", as: String?.self),
            enabled: try row.decode(column: "enabled", as: Bool.self),
            defaultModelID: try row.decode(column: "default_model_id", as: String?.self),
            rpmLimit: try row.decode(column: "rpm_limit", as: Int?.self),
            tpmLimit: try row.decode(column: "tpm_limit", as: Int?.self),
            maxParallel: try row.decode(column: "max_parallel", as: Int?.self),
            isBuiltin: try row.decode(column: "is_builtin", as: Bool.self),
            apiKeyConfigured: try row.decode(column: "api_key_configured", as: Int.self) == 1,
            lastTest: try row.decode(column: "last_test", as: String?.self)
                .flatMap { try? JSONDecoder().decode(ConnectionTestResult.self, from: Data($0.utf8)) },
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }
}
