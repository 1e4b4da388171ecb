import Foundation
import HangarCore

/// `usage(from:, to:)`: REST's usage report. Costs are decimal strings, exact to the last
/// digit, as GraphQL's Float is not.
struct UsageSummary: Sendable {
    let report: UsageReport

    var from: String { report.from }
    var to: String { report.to }
    var totals: UsageSummaryTotals { UsageSummaryTotals(report.totals) }
    var days: [UsageSummaryDay] { report.days.map(UsageSummaryDay.init) }
    var keys: [UsageSummaryKey] { report.keys.map(UsageSummaryKey.init) }
}

struct UsageSummaryTotals: Sendable {
    let totals: UsageTotals

    init(_ totals: UsageTotals) { self.totals = totals }

    var calls: Int { totals.calls }
    var inputTokens: Int { totals.inputTokens }
    var outputTokens: Int { totals.outputTokens }
    var costUsd: String? { totals.costUSD.map { NSDecimalNumber(decimal: $0).stringValue } }
    var unpricedCalls: Int { totals.unpricedCalls }
}

struct UsageSummaryDay: Sendable {
    let day: UsageDay

    init(_ day: UsageDay) { self.day = day }

    var date: String { day.day }
    var modelId: GraphQLID { GraphQLID(day.modelID) }
    var modelName: String { day.modelName }
    var providerId: GraphQLID { GraphQLID(day.providerID) }
    var totals: UsageSummaryTotals { UsageSummaryTotals(day.totals) }
}

struct UsageSummaryKey: Sendable {
    let key: UsageByKey

    init(_ key: UsageByKey) { self.key = key }

    var keyId: GraphQLID { GraphQLID(key.keyID) }
    var keyName: String? { key.keyName }
    var keyPrefix: String? { key.keyPrefix }
    var totals: UsageSummaryTotals { UsageSummaryTotals(key.totals) }
}
