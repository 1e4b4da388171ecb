import Catalog
import HangarCore
import SQLKit

extension UsageReporter {
    /// Models with calls in the last `days` days (today included) whose cost is unknown because
    /// the model still lacks a price: the dashboard lists them so spend is never silently $0.
    /// A model priced since then is left out, as is one deleted (nothing left to price).
    public func unpriced(days: Int) async throws -> UnpricedUsageList {
        if let problem = FieldError.outside(days, 1...3650, "Days must be between 1 and 3,650.") {
            throw HangarError.validation(["days": problem])
        }
        guard let last = CivilDay(today()) else { return UnpricedUsageList(items: []) }
        let first = CivilDay(number: max(CivilDay.firstNumber, last.number - (days - 1))).text
        let rows = try await database.read { sql in
            try await sql.raw(
                """
                SELECT u.model_id, m.name, m.provider_id, COUNT(*) AS calls, MAX(u.created_at) AS last_call_at
                FROM usage_records u JOIN models m ON m.id = u.model_id
                WHERE u.cost_usd IS NULL AND u.day >= \(bind: first)
                  AND (m.cost_input_per_million IS NULL OR m.cost_output_per_million IS NULL)
                GROUP BY u.model_id, m.name, m.provider_id
                ORDER BY calls DESC, u.model_id
                LIMIT 100
                """
            ).all()
        }
        return UnpricedUsageList(
            items: try rows.map { row in
                UnpricedUsage(
                    modelID: try row.decode(column: "model_id", as: String.self), name: try row.decode(column: "name", as: String.self),
                    providerID: try row.decode(column: "provider_id", as: String.self),
                    calls: try row.decode(column: "calls", as: Int.self),
                    lastCallAt: try row.decode(column: "last_call_at", as: String.self))
            })
    }
}
