import Foundation

/// Body of `POST /api/catalog/price-sync`: a price file's object, a URL to fetch one from, or
/// neither (the `price_data_url` setting, else the shipped snapshot); optionally the models to
/// apply.
public struct PriceSyncRequest: Codable, Sendable, Hashable {
    public var data: PriceData?
    public var url: String?
    public var modelIDs: [String]?

    public init(data: PriceData? = nil, url: String? = nil, modelIDs: [String]? = nil) {
        self.data = data
        self.url = url
        self.modelIDs = modelIDs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case data, url
        case modelIDs = "model_ids"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.data), try !c.decodeNil(forKey: .data) {
            data = try c.decode(PriceData.self, forKey: .data)
        }
        url = try c.decodeIfPresent(String.self, forKey: .url)
        modelIDs = try c.decodeIfPresent([String].self, forKey: .modelIDs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(modelIDs, forKey: .modelIDs)
    }
}

/// One field of a model the data would change.
public struct PriceSyncField: Codable, Sendable, Hashable {
    public var field: String
    public var old: JSONValue
    public var new: JSONValue

    public init(field: String, old: JSONValue, new: JSONValue) {
        self.field = field
        self.old = old
        self.new = new
    }
}

public struct PriceSyncChange: Codable, Sendable, Hashable {
    public var modelID: String
    public var name: String
    public var providerID: String
    public var apiName: String
    public var entry: String
    public var successorAPIName: String?
    public var fields: [PriceSyncField]
    public var notes: [String]

    public init(
        modelID: String, name: String, providerID: String, apiName: String, entry: String, successorAPIName: String?,
        fields: [PriceSyncField], notes: [String]
    ) {
        self.modelID = modelID
        self.name = name
        self.providerID = providerID
        self.apiName = apiName
        self.entry = entry
        self.successorAPIName = successorAPIName
        self.fields = fields
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case name
        case providerID = "provider_id"
        case apiName = "api_name"
        case entry
        case successorAPIName = "successor_api_name"
        case fields, notes
    }
}

public struct PriceSyncReport: Codable, Sendable, Hashable {
    public var source: String
    public var dryRun: Bool
    public var entries: Int
    public var changes: [PriceSyncChange]
    public var unchanged: Int
    public var unmatched: [String]
    public var applied: Int

    public init(
        source: String, dryRun: Bool, entries: Int, changes: [PriceSyncChange], unchanged: Int, unmatched: [String], applied: Int
    ) {
        self.source = source
        self.dryRun = dryRun
        self.entries = entries
        self.changes = changes
        self.unchanged = unchanged
        self.unmatched = unmatched
        self.applied = applied
    }

    enum CodingKeys: String, CodingKey {
        case source
        case dryRun = "dry_run"
        case entries, changes, unchanged, unmatched, applied
    }
}

/// `GET /api/usage/unpriced`: models whose calls cost an unknown amount.
public struct UnpricedUsage: Codable, Sendable, Hashable {
    public var modelID: String
    public var name: String
    public var providerID: String
    public var calls: Int
    public var lastCallAt: String

    public init(modelID: String, name: String, providerID: String, calls: Int, lastCallAt: String) {
        self.modelID = modelID
        self.name = name
        self.providerID = providerID
        self.calls = calls
        self.lastCallAt = lastCallAt
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case name
        case providerID = "provider_id"
        case calls
        case lastCallAt = "last_call_at"
    }
}

public struct UnpricedUsageList: Codable, Sendable, Hashable {
    public var items: [UnpricedUsage]

    public init(items: [UnpricedUsage]) { self.items = items }
}
