import Foundation
import HangarCore
import Metrics
import Synchronization

/// The gateway's series on `/metrics`: calls, tokens, cost and latency per model, connection
/// and key. Label values are capped (the first 200 of each seen by this process; the rest count
/// as `other`) so a catalog or key churn cannot grow the scrape without bound.
enum GatewayMetrics {
    static let labelCap = 200
    private static let seen = Mutex<[String: Set<String>]>([:])

    static func record(_ record: UsageRecord, key: APIKey, provider: Provider, httpStatus: Int?) {
        let dimensions = [
            ("model", bounded("model", "\(record.providerID)/\(record.apiName)")),
            ("provider", bounded("provider", provider.id)),
            ("key", bounded("key", key.name)),
        ]
        Counter(label: "hangar_gateway_calls_total", dimensions: dimensions + [("status", record.status.rawValue)]).increment()
        if let input = record.inputTokens {
            Counter(label: "hangar_gateway_tokens_total", dimensions: dimensions + [("direction", "input")]).increment(by: input)
        }
        if let output = record.outputTokens {
            Counter(label: "hangar_gateway_tokens_total", dimensions: dimensions + [("direction", "output")]).increment(by: output)
        }
        if let cost = record.costUSD {
            // Microdollars: counters are integers; the exact cost is in the usage records.
            let micro = Int((cost * 1_000_000 as Decimal as NSDecimalNumber).doubleValue.rounded())
            Counter(label: "hangar_gateway_cost_microdollars_total", dimensions: dimensions).increment(by: micro)
        } else {
            Counter(label: "hangar_gateway_unpriced_calls_total", dimensions: dimensions).increment()
        }
        Timer(label: "hangar_gateway_call_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
            .recordMilliseconds(record.latencyMS)
    }

    private static func bounded(_ dimension: String, _ value: String) -> String {
        seen.withLock { seen in
            if seen[dimension, default: []].contains(value) { return value }
            guard seen[dimension, default: []].count < labelCap else { return "other" }
            seen[dimension, default: []].insert(value)
            return value
        }
    }
}
