import Foundation
import HangarCore
import SQLKit

/// The SQL of `api_keys`; `KeyService` is its one writer.
enum KeyQueries {
    static let columns =
        "id, name, prefix, models, scopes, rpm_limit, tpm_limit, max_parallel, budget_usd, budget_period, expires_at, revoked_at, last_used_at, created_at, updated_at"

    static func insert(_ key: APIKey, secretHash: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO api_keys (\(unsafeRaw: columns), secret_hash)
            VALUES (\(bind: key.id), \(bind: key.name), \(bind: key.prefix), \(bind: json(key.models)),
                \(bind: json(key.scopes.map(\.rawValue)) ?? "[]"), \(bind: key.rpmLimit), \(bind: key.tpmLimit),
                \(bind: key.maxParallel), \(bind: key.budgetUSD.map { "\($0)" }), \(bind: key.budgetPeriod?.rawValue),
                \(bind: key.expiresAt), \(bind: key.revokedAt), \(bind: key.lastUsedAt), \(bind: key.createdAt),
                \(bind: key.updatedAt), \(bind: secretHash))
            """
        ).run()
    }

    static func all(on sql: any SQLDatabase) async throws -> [APIKey] {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM api_keys ORDER BY created_at DESC, id").all().map(decode)
    }

    static func find(id: String, on sql: any SQLDatabase) async throws -> APIKey? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM api_keys WHERE id = \(bind: id)").first().map(decode)
    }

    static func find(secretHash: String, on sql: any SQLDatabase) async throws -> APIKey? {
        try await sql.raw("SELECT \(unsafeRaw: columns) FROM api_keys WHERE secret_hash = \(bind: secretHash)").first().map(decode)
    }

    static func update(_ key: APIKey, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE api_keys SET name = \(bind: key.name), models = \(bind: json(key.models)),
                scopes = \(bind: json(key.scopes.map(\.rawValue)) ?? "[]"), rpm_limit = \(bind: key.rpmLimit),
                tpm_limit = \(bind: key.tpmLimit), max_parallel = \(bind: key.maxParallel),
                budget_usd = \(bind: key.budgetUSD.map { "\($0)" }), budget_period = \(bind: key.budgetPeriod?.rawValue),
                expires_at = \(bind: key.expiresAt), updated_at = \(bind: key.updatedAt)
            WHERE id = \(bind: key.id)
            """
        ).run()
    }

    static func revoke(id: String, at time: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "UPDATE api_keys SET revoked_at = \(bind: time), updated_at = \(bind: time) WHERE id = \(bind: id) AND revoked_at IS NULL"
        ).run()
    }

    /// Stamps the key's last use; an earlier time never replaces a later one.
    static func touch(id: String, at time: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "UPDATE api_keys SET last_used_at = \(bind: time) WHERE id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: time))"
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> APIKey {
        let models = try row.decode(column: "models", as: String?.self).flatMap {
            try? JSONDecoder().decode([String].self, from: Data($0.utf8))
        }
        let scopes = (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "scopes", as: String.self).utf8))) ?? []
        return APIKey(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self), models: models,
            scopes: scopes.compactMap(KeyScope.init(rawValue:)), rpmLimit: try row.decode(column: "rpm_limit", as: Int?.self),
            tpmLimit: try row.decode(column: "tpm_limit", as: Int?.self),
            maxParallel: try row.decode(column: "max_parallel", as: Int?.self),
            budgetUSD: try row.decode(column: "budget_usd", as: String?.self).flatMap { Decimal(string: $0) },
            budgetPeriod: try row.decode(column: "budget_period", as: String?.self).flatMap(BudgetPeriod.init(rawValue:)),
            expiresAt: try row.decode(column: "expires_at", as: String?.self),
            revokedAt: try row.decode(column: "revoked_at", as: String?.self),
            lastUsedAt: try row.decode(column: "last_used_at", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }

    private static func json(_ value: [String]?) -> String? {
        value.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
    }
}
