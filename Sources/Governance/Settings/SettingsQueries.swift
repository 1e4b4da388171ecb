import Foundation
import HangarCore
import SQLKit

/// The `system_settings` table: one row per stored key, its value as JSON text.
public enum SettingsQueries {
    public static func all(on sql: any SQLDatabase) async throws -> [String: String] {
        let rows = try await sql.raw("SELECT key, value FROM system_settings").all()
        var values: [String: String] = [:]
        for row in rows {
            values[try row.decode(column: "key", as: String.self)] = try row.decode(column: "value", as: String.self)
        }
        return values
    }

    static func put(_ key: SystemSettings.Key, json: String, at now: String, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO system_settings (key, value, updated_at) VALUES (\(bind: key.rawValue), \(bind: json), \(bind: now))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """
        ).run()
    }

    static func remove(_ key: SystemSettings.Key, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM system_settings WHERE key = \(bind: key.rawValue)").run()
    }
}
