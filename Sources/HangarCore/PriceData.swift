import Foundation

/// A price file in the format of LiteLLM's `model_prices_and_context_window.json`: one entry
/// per model key, with per-token prices. Only what Hangar uses is read; an entry of another
/// shape (the `sample_spec` documentation entry, a value of the wrong type) is kept as an
/// entry without values rather than failing the whole file.
public struct PriceData: Codable, Sendable, Hashable {
    public var entries: [String: PriceEntry]

    public init(entries: [String: PriceEntry]) { self.entries = entries }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        entries = try container.decode([String: PriceEntry].self)
        // LiteLLM documents its fields in this entry; its values are descriptions, not prices.
        entries["sample_spec"] = nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }
}

/// Encoded back with only the fields Hangar reads, so a client may send a file's useful part.
public struct PriceEntry: Codable, Sendable, Hashable {
    public var provider: String?
    public var mode: String?
    /// Dollars per token, exactly as the file writes them.
    public var inputCostPerToken: Decimal?
    public var outputCostPerToken: Decimal?
    public var maxInputTokens: Int?
    public var maxOutputTokens: Int?
    /// LiteLLM's older field: the context window, or the output limit, depending on the entry.
    public var maxTokens: Int?
    public var deprecationDate: String?
    public var successorModel: String?

    public init(
        provider: String? = nil, mode: String? = nil, inputCostPerToken: Decimal? = nil, outputCostPerToken: Decimal? = nil,
        maxInputTokens: Int? = nil, maxOutputTokens: Int? = nil, maxTokens: Int? = nil, deprecationDate: String? = nil,
        successorModel: String? = nil
    ) {
        self.provider = provider
        self.mode = mode
        self.inputCostPerToken = inputCostPerToken
        self.outputCostPerToken = outputCostPerToken
        self.maxInputTokens = maxInputTokens
        self.maxOutputTokens = maxOutputTokens
        self.maxTokens = maxTokens
        self.deprecationDate = deprecationDate
        self.successorModel = successorModel
    }

    enum CodingKeys: String, CodingKey {
        case provider = "litellm_provider"
        case mode
        case inputCostPerToken = "input_cost_per_token"
        case outputCostPerToken = "output_cost_per_token"
        case maxInputTokens = "max_input_tokens"
        case maxOutputTokens = "max_output_tokens"
        case maxTokens = "max_tokens"
        case deprecationDate = "deprecation_date"
        case successorModel = "successor_model"
    }

    public init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else { return }
        provider = try? c.decodeIfPresent(String.self, forKey: .provider)
        mode = try? c.decodeIfPresent(String.self, forKey: .mode)
        inputCostPerToken = Self.decimal(c, .inputCostPerToken)
        outputCostPerToken = Self.decimal(c, .outputCostPerToken)
        maxInputTokens = Self.count(c, .maxInputTokens)
        maxOutputTokens = Self.count(c, .maxOutputTokens)
        maxTokens = Self.count(c, .maxTokens)
        deprecationDate = (try? c.decodeIfPresent(String.self, forKey: .deprecationDate)).flatMap { CivilDay($0)?.text }
        successorModel = try? c.decodeIfPresent(String.self, forKey: .successorModel)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(provider, forKey: .provider)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(inputCostPerToken, forKey: .inputCostPerToken)
        try c.encodeIfPresent(outputCostPerToken, forKey: .outputCostPerToken)
        try c.encodeIfPresent(maxInputTokens, forKey: .maxInputTokens)
        try c.encodeIfPresent(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try c.encodeIfPresent(deprecationDate, forKey: .deprecationDate)
        try c.encodeIfPresent(successorModel, forKey: .successorModel)
    }

    /// The number as its shortest decimal spelling, which is the literal the file holds for
    /// any price written with up to 15 significant digits: `1.5e-07` stays 0.00000015 exactly.
    static func decimal(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> Decimal? {
        guard let value = try? c.decodeIfPresent(Double.self, forKey: key), value.isFinite, value >= 0 else { return nil }
        return Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
    }

    static func count(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> Int? {
        if let value = try? c.decodeIfPresent(Int.self, forKey: key) { return value > 0 ? value : nil }
        guard let value = try? c.decodeIfPresent(Double.self, forKey: key), value.isFinite, value >= 1, value < 1e12,
            value == value.rounded()
        else { return nil }
        return Int(value)
    }
}
