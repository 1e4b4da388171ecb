import Foundation
import HangarCore
import Metrics
import Synchronization

/// The gateway's series on `/metrics`: calls, tokens, cost and latency per model, connection
/// and key. Label values are capped (the first 200 of each seen by this process; the rest count
/// as `other`) so a catalog or key churn cannot grow the scrape without bound.
enum GatewayMetrics {
    static let labelCap = 200

    /// One label set's series, made once: looking a series up in the registry on every call
    /// cost more than counting.
    final class Series: Sendable {
        let calls: [CallStatus: Counter]
        let inputTokens: Counter
        let outputTokens: Counter
        let cost: Counter
        let unpriced: Counter
        let duration: Timer

        init(_ dimensions: [(String, String)]) {
            calls = Dictionary(
                uniqueKeysWithValues: CallStatus.allCases.map {
                    ($0, Counter(label: "hangar_gateway_calls_total", dimensions: dimensions + [("status", $0.rawValue)]))
                })
            inputTokens = Counter(label: "hangar_gateway_tokens_total", dimensions: dimensions + [("direction", "input")])
            outputTokens = Counter(label: "hangar_gateway_tokens_total", dimensions: dimensions + [("direction", "output")])
            cost = Counter(label: "hangar_gateway_cost_microdollars_total", dimensions: dimensions)
            unpriced = Counter(label: "hangar_gateway_unpriced_calls_total", dimensions: dimensions)
            duration = Timer(label: "hangar_gateway_call_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        }
    }

    private struct Labels {
        var seen: [String: Set<String>] = [:]
        var series: [String: Series] = [:]
    }

    private static let labels = Mutex(Labels())

    static func record(_ record: UsageRecord, key: APIKey, provider: Provider, httpStatus: Int?) {
        let series = self.series(model: "\(record.providerID)/\(record.apiName)", provider: provider.id, key: key.name)
        series.calls[record.status]?.increment()
        if let input = record.inputTokens { series.inputTokens.increment(by: input) }
        if let output = record.outputTokens { series.outputTokens.increment(by: output) }
        if let cost = record.costUSD {
            // Microdollars: counters are integers; the exact cost is in the usage records.
            series.cost.increment(by: Int((cost * 1_000_000 as Decimal as NSDecimalNumber).doubleValue.rounded()))
        } else {
            series.unpriced.increment()
        }
        series.duration.recordMilliseconds(record.latencyMS)
    }

    private static func series(model: String, provider: String, key: String) -> Series {
        labels.withLock { labels in
            func bounded(_ dimension: String, _ value: String) -> String {
                if labels.seen[dimension, default: []].contains(value) { return value }
                guard labels.seen[dimension, default: []].count < labelCap else { return "other" }
                labels.seen[dimension, default: []].insert(value)
                return value
            }
            let dimensions = [
                ("model", bounded("model", model)), ("provider", bounded("provider", provider)), ("key", bounded("key", key)),
            ]
            let id = dimensions.map(\.1).joined(separator: "\u{0}")
            if let series = labels.series[id] { return series }
            let series = Series(dimensions)
            labels.series[id] = series
            return series
        }
    }
}
