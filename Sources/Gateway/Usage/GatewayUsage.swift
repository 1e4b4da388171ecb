import Foundation
import HangarCore

/// One finished gateway call, ready to record: its usage record, and what it settles in the
/// key's ledger (its budget reservation, its cost in picodollars).
struct GatewayUsage: Sendable {
    var record: UsageRecord
    var reservation: String?

    var keyID: String? { record.keyID }

    var costPico: Int64 { record.costUSD.map(Picodollars.from) ?? 0 }

    /// Exact: tokens × price ÷ 1,000,000 per side; nil when a side that was used has no price or
    /// its tokens are unknown. Never a made-up zero.
    static func cost(input: Int?, output: Int?, inputPrice: Decimal?, outputPrice: Decimal?) -> Decimal? {
        guard let input, let output else { return nil }
        var total = Decimal(0)
        for (tokens, price) in [(input, inputPrice), (output, outputPrice)] where tokens > 0 {
            guard let price else { return nil }
            total += Decimal(tokens) * price / Decimal(1_000_000)
        }
        return total
    }
}
