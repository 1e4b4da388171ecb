import Foundation

/// Body of `POST /api/models/{id}/test`; both fields are optional.
public struct ModelTestRequest: Codable, Sendable, Hashable {
    /// Unicode White_Space, the characters a prompt may not consist of only (openapi.yaml's
    /// `ModelTestRequest.prompt` pattern lists the same set).
    public static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    public static let defaultPrompt = "Reply with one short sentence: are you there?"
    public static let defaultMaxTokens = 16
    public static let promptMax = 4000
    public static let maxTokensRange = 1...4096

    public var prompt: String?
    public var maxTokens: Int?

    public init(prompt: String? = nil, maxTokens: Int? = nil) {
        self.prompt = prompt
        self.maxTokens = maxTokens
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case prompt
        case maxTokens = "max_tokens"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try c.strict(String.self, forKey: .prompt)
        maxTokens = try c.strict(Int.self, forKey: .maxTokens)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(prompt, forKey: .prompt)
        try c.encodeIfPresent(maxTokens, forKey: .maxTokens)
    }
}

/// Said beside a successful answer, such as "this model is deprecated; use X".
public struct ModelTestWarning: Codable, Sendable, Hashable {
    public var code: String
    public var message: String
    public var replacementModelID: String?

    public init(code: String, message: String, replacementModelID: String?) {
        self.code = code
        self.message = message
        self.replacementModelID = replacementModelID
    }

    enum CodingKeys: String, CodingKey {
        case code, message
        case replacementModelID = "replacement_model_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
        try c.encode(replacementModelID, forKey: .replacementModelID)
    }
}

/// What a test prompt got back. Costs are exact decimals; `null` means unknown, never zero.
public struct ModelTestResult: Codable, Sendable, Hashable {
    public var modelID: String
    public var providerID: String
    public var apiName: String
    public var text: String
    public var finishReason: String?
    public var latencyMS: Int
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var costInputPerMillion: Decimal?
    public var costOutputPerMillion: Decimal?
    public var costUSD: Decimal?
    /// How many requests it took: more than one when the upstream answered 429 first.
    public var attempts: Int
    /// Time spent waiting for the connection's limits or a 429's `Retry-After`.
    public var waitedMS: Int
    public var usageID: String
    public var testedAt: String
    public var warning: ModelTestWarning?

    public init(
        modelID: String, providerID: String, apiName: String, text: String, finishReason: String?, latencyMS: Int,
        inputTokens: Int?, outputTokens: Int?, costInputPerMillion: Decimal?, costOutputPerMillion: Decimal?,
        costUSD: Decimal?, attempts: Int, waitedMS: Int, usageID: String, testedAt: String, warning: ModelTestWarning?
    ) {
        self.modelID = modelID
        self.providerID = providerID
        self.apiName = apiName
        self.text = text
        self.finishReason = finishReason
        self.latencyMS = latencyMS
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.costUSD = costUSD
        self.attempts = attempts
        self.waitedMS = waitedMS
        self.usageID = usageID
        self.testedAt = testedAt
        self.warning = warning
    }

    enum CodingKeys: String, CodingKey {
        case text, attempts, warning
        case modelID = "model_id"
        case providerID = "provider_id"
        case apiName = "api_name"
        case finishReason = "finish_reason"
        case latencyMS = "latency_ms"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case costUSD = "cost_usd"
        case waitedMS = "waited_ms"
        case usageID = "usage_id"
        case testedAt = "tested_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(text, forKey: .text)
        try c.encode(finishReason, forKey: .finishReason)
        try c.encode(latencyMS, forKey: .latencyMS)
        try c.encode(inputTokens, forKey: .inputTokens)
        try c.encode(outputTokens, forKey: .outputTokens)
        try c.encode(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encode(costUSD, forKey: .costUSD)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(waitedMS, forKey: .waitedMS)
        try c.encode(usageID, forKey: .usageID)
        try c.encode(testedAt, forKey: .testedAt)
        try c.encode(warning, forKey: .warning)
    }
}
