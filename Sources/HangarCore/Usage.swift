import Foundation

/// One model call Hangar made, with the prices it was charged at: a later price change never
/// rewrites what a past call cost.
public struct UsageRecord: Codable, Sendable, Hashable {
    public var id: String
    public var modelID: String
    public var modelName: String
    public var providerID: String
    public var apiName: String
    public var purpose: String
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var latencyMS: Int
    public var costInputPerMillion: Decimal?
    public var costOutputPerMillion: Decimal?
    public var costUSD: Decimal?
    public var createdAt: String
    /// The application key that made the call through the gateway; nil for the admin's tests.
    public var keyID: String?
    public var status: CallStatus
    /// The tokens were estimated by Hangar because the upstream did not count them.
    public var estimated: Bool

    public init(
        id: String, modelID: String, modelName: String, providerID: String, apiName: String, purpose: String,
        inputTokens: Int?, outputTokens: Int?, latencyMS: Int, costInputPerMillion: Decimal?,
        costOutputPerMillion: Decimal?, costUSD: Decimal?, createdAt: String, keyID: String? = nil, status: CallStatus = .ok,
        estimated: Bool = false
    ) {
        self.id = id
        self.modelID = modelID
        self.modelName = modelName
        self.providerID = providerID
        self.apiName = apiName
        self.purpose = purpose
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latencyMS = latencyMS
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.costUSD = costUSD
        self.createdAt = createdAt
        self.keyID = keyID
        self.status = status
        self.estimated = estimated
    }

    enum CodingKeys: String, CodingKey {
        case id, purpose, status, estimated
        case keyID = "key_id"
        case modelID = "model_id"
        case modelName = "model_name"
        case providerID = "provider_id"
        case apiName = "api_name"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case latencyMS = "latency_ms"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case costUSD = "cost_usd"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(modelName, forKey: .modelName)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(purpose, forKey: .purpose)
        try c.encode(inputTokens, forKey: .inputTokens)
        try c.encode(outputTokens, forKey: .outputTokens)
        try c.encode(latencyMS, forKey: .latencyMS)
        try c.encode(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encode(costUSD, forKey: .costUSD)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(keyID, forKey: .keyID)
        try c.encode(status, forKey: .status)
        try c.encode(estimated, forKey: .estimated)
    }
}

extension UsageRecord {
    /// Exact: tokens × price ÷ 1,000,000 per side; nil when a side that was used has no price or
    /// its tokens are unknown. Never a made-up zero. The one rule for every call's cost: the
    /// Test button's and the gateway's.
    public static func cost(input: Int?, output: Int?, inputPrice: Decimal?, outputPrice: Decimal?) -> Decimal? {
        guard let input, let output else { return nil }
        guard let inputCost = part(tokens: input, price: inputPrice), let outputCost = part(tokens: output, price: outputPrice) else {
            return nil
        }
        return inputCost + outputCost
    }

    /// Tokens times a price per million; the division is a shift of the decimal exponent, which
    /// is exact and far cheaper than dividing (this runs on every gateway call).
    private static func part(tokens: Int, price: Decimal?) -> Decimal? {
        guard tokens > 0 else { return 0 }
        guard let price else { return nil }
        return Decimal(sign: .plus, exponent: -6, significand: Decimal(tokens) * price)
    }

    /// This record's cost at the prices it carries.
    public var pricedCost: Decimal? {
        Self.cost(input: inputTokens, output: outputTokens, inputPrice: costInputPerMillion, outputPrice: costOutputPerMillion)
    }
}

/// How a call ended: answered in full, failed (upstream or network error), or cut short by
/// the client going away.
public enum CallStatus: String, Codable, Sendable, CaseIterable {
    case ok, error, cancelled
}

public struct UsageRecordList: Codable, Sendable, Hashable {
    public var records: [UsageRecord]
    public init(records: [UsageRecord]) { self.records = records }
}

/// Calls, tokens and cost summed over some records. `costUSD` sums the priced calls only and is
/// null when none was priced; `unpricedCalls` says how many calls had no known price.
public struct UsageTotals: Codable, Sendable, Hashable {
    public var calls: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var costUSD: Decimal?
    public var unpricedCalls: Int

    public init(calls: Int = 0, inputTokens: Int = 0, outputTokens: Int = 0, costUSD: Decimal? = nil, unpricedCalls: Int = 0) {
        self.calls = calls
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.unpricedCalls = unpricedCalls
    }

    /// Adds one record; exact decimal arithmetic, no rounding.
    public mutating func add(_ record: UsageRecord) {
        calls += 1
        inputTokens += record.inputTokens ?? 0
        outputTokens += record.outputTokens ?? 0
        if let cost = record.costUSD {
            costUSD = (costUSD ?? 0) + cost
        } else {
            unpricedCalls += 1
        }
    }

    enum CodingKeys: String, CodingKey {
        case calls
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case costUSD = "cost_usd"
        case unpricedCalls = "unpriced_calls"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(calls, forKey: .calls)
        try c.encode(inputTokens, forKey: .inputTokens)
        try c.encode(outputTokens, forKey: .outputTokens)
        try c.encode(costUSD, forKey: .costUSD)
        try c.encode(unpricedCalls, forKey: .unpricedCalls)
    }
}

/// One model's usage on one UTC day.
public struct UsageDay: Codable, Sendable, Hashable {
    public var day: String
    public var modelID: String
    public var modelName: String
    public var providerID: String
    public var totals: UsageTotals

    public init(day: String, modelID: String, modelName: String, providerID: String, totals: UsageTotals) {
        self.day = day
        self.modelID = modelID
        self.modelName = modelName
        self.providerID = providerID
        self.totals = totals
    }

    enum CodingKeys: String, CodingKey {
        case day
        case modelID = "model_id"
        case modelName = "model_name"
        case providerID = "provider_id"
    }

    // The totals' fields sit beside the day's, so a row reads `{day, model_id, calls, …}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        day = try c.decode(String.self, forKey: .day)
        modelID = try c.decode(String.self, forKey: .modelID)
        modelName = try c.decode(String.self, forKey: .modelName)
        providerID = try c.decode(String.self, forKey: .providerID)
        totals = try UsageTotals(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(day, forKey: .day)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(modelName, forKey: .modelName)
        try c.encode(providerID, forKey: .providerID)
        try totals.encode(to: encoder)
    }
}

/// `GET /api/usage`: per model and UTC day over `from`…`to` (inclusive, `YYYY-MM-DD`).
public struct UsageReport: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public var days: [UsageDay]
    public var totals: UsageTotals
    /// The same calls by application key; calls made without a key (tests) are not listed.
    public var keys: [UsageByKey]

    public init(from: String, to: String, days: [UsageDay], totals: UsageTotals, keys: [UsageByKey] = []) {
        self.from = from
        self.to = to
        self.days = days
        self.totals = totals
        self.keys = keys
    }
}

/// One application key's calls over a report's range.
public struct UsageByKey: Codable, Sendable, Hashable {
    public var keyID: String
    /// Nil when the key was deleted from the database by hand; revoked keys keep their name.
    public var keyName: String?
    public var keyPrefix: String?
    public var totals: UsageTotals

    public init(keyID: String, keyName: String?, keyPrefix: String?, totals: UsageTotals) {
        self.keyID = keyID
        self.keyName = keyName
        self.keyPrefix = keyPrefix
        self.totals = totals
    }

    enum CodingKeys: String, CodingKey {
        case totals
        case keyID = "key_id"
        case keyName = "key_name"
        case keyPrefix = "key_prefix"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(keyID, forKey: .keyID)
        try c.encode(keyName, forKey: .keyName)
        try c.encode(keyPrefix, forKey: .keyPrefix)
        try c.encode(totals, forKey: .totals)
    }
}
