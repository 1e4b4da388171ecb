import Foundation
import HangarCore
import SQLKit
import Synchronization

/// The `usage_records` table. Prices and costs are canonical decimal text, read back exactly.
public enum UsageQueries {
    static let columns = """
        id, model_id, model_name, provider_id, api_name, purpose, input_tokens, output_tokens, latency_ms,
        cost_input_per_million, cost_output_per_million, cost_usd, created_at, key_id, status, estimated
        """

    public static func insert(_ record: UsageRecord, on sql: any SQLDatabase) async throws {
        try await insert([record], on: sql)
    }

    /// Many records in as few statements as the engines allow (200 rows each): on PostgreSQL
    /// every statement is a round trip, and a gateway batch holds a record per call.
    public static func insert(_ records: [UsageRecord], on sql: any SQLDatabase) async throws {
        var start = records.startIndex
        while start < records.endIndex {
            let end = min(start + 200, records.endIndex)
            var query = SQLQueryString("INSERT INTO usage_records (\(unsafeRaw: columns), day) VALUES ")
            for (index, record) in records[start..<end].enumerated() {
                if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                query.appendInterpolation(values(record))
            }
            try await sql.raw(query).run()
            start = end
        }
    }

    private static func values(_ record: UsageRecord) -> SQLQueryString {
        """
        (\(bind: record.id), \(bind: record.modelID), \(bind: record.modelName), \(bind: record.providerID),
          \(bind: record.apiName), \(bind: record.purpose), \(bind: record.inputTokens), \(bind: record.outputTokens),
          \(bind: record.latencyMS), \(bind: record.costInputPerMillion.map(text)),
          \(bind: record.costOutputPerMillion.map(text)), \(bind: record.costUSD.map(text)),
          \(bind: record.createdAt), \(bind: record.keyID), \(bind: record.status.rawValue), \(bind: record.estimated ? 1 : 0),
          \(bind: String(record.createdAt.prefix(10))))
        """
    }

    /// Hands each record of the days `from`…`to` (inclusive) to `body` as the database returns
    /// it, oldest first, without holding them all: a busy gateway records millions a month.
    public static func forEach(
        from: String, to: String, modelID: String?, providerID: String?, keyID: String? = nil, on sql: any SQLDatabase,
        _ body: @escaping @Sendable (UsageRecord) -> Void
    ) async throws {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM usage_records WHERE day >= \(bind: from) AND day <= \(bind: to)")
        if let modelID {
            query.appendInterpolation(unsafeRaw: " AND model_id = ")
            query.appendInterpolation(bind: modelID)
        }
        if let providerID {
            query.appendInterpolation(unsafeRaw: " AND provider_id = ")
            query.appendInterpolation(bind: providerID)
        }
        if let keyID {
            query.appendInterpolation(unsafeRaw: " AND key_id = ")
            query.appendInterpolation(bind: keyID)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY created_at, id")
        let failure = Mutex<(any Error)?>(nil)
        try await sql.raw(query).run { row in
            do {
                body(try decode(row))
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    public static func latest(modelID: String?, limit: Int, on sql: any SQLDatabase) async throws -> [UsageRecord] {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM usage_records")
        if let modelID {
            query.appendInterpolation(unsafeRaw: " WHERE model_id = ")
            query.appendInterpolation(bind: modelID)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY created_at DESC, id DESC LIMIT ")
        query.appendInterpolation(bind: limit)
        return try await sql.raw(query).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> UsageRecord {
        func decimal(_ column: String) throws -> Decimal? {
            try row.decode(column: column, as: String?.self).flatMap { Decimal(string: $0, locale: posix) }
        }
        return UsageRecord(
            id: try row.decode(column: "id", as: String.self), modelID: try row.decode(column: "model_id", as: String.self),
            modelName: try row.decode(column: "model_name", as: String.self),
            providerID: try row.decode(column: "provider_id", as: String.self),
            apiName: try row.decode(column: "api_name", as: String.self), purpose: try row.decode(column: "purpose", as: String.self),
            inputTokens: try row.decode(column: "input_tokens", as: Int?.self),
            outputTokens: try row.decode(column: "output_tokens", as: Int?.self),
            latencyMS: try row.decode(column: "latency_ms", as: Int.self),
            costInputPerMillion: try decimal("cost_input_per_million"), costOutputPerMillion: try decimal("cost_output_per_million"),
            costUSD: try decimal("cost_usd"), createdAt: try row.decode(column: "created_at", as: String.self),
            keyID: try row.decode(column: "key_id", as: String?.self),
            status: CallStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .ok,
            estimated: try row.decode(column: "estimated", as: Int.self) != 0)
    }

    static let posix = Locale(identifier: "en_US_POSIX")

    static func text(_ value: Decimal) -> String {
        var value = value
        return NSDecimalString(&value, posix)
    }
}
