import Foundation
import HangarCore

/// One finished gateway call, ready to record: its usage record, and what it settles in the
/// key's ledger (its budget reservation, its cost in picodollars).
struct GatewayUsage: Sendable {
    var record: UsageRecord
    var reservation: String?

    var keyID: String? { record.keyID }

    var costPico: Int64 { record.costUSD.map(Picodollars.from) ?? 0 }
}
