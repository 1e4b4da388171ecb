import Foundation

/// The whole configuration as `GET /api/export` writes it and `POST /api/import` reads it:
/// connections (never their secrets), models, and stored settings. Deterministic: sorted by id,
/// no timestamps, so exporting twice gives the same bytes.
public struct ConfigurationExport: Codable, Sendable, Hashable {
    public static let formatName = "hangar-configuration"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var providers: [ExportedProvider]
    public var models: [ExportedModel]
    /// Stored settings only; a key that is absent takes the server's default.
    public var settings: SettingsPatch

    public init(
        format: String = ConfigurationExport.formatName, version: Int = ConfigurationExport.currentVersion,
        providers: [ExportedProvider], models: [ExportedModel], settings: SettingsPatch
    ) {
        self.format = format
        self.version = version
        self.providers = providers
        self.models = models
        self.settings = settings
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case format, version, providers, models, settings }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.required(String.self, forKey: .format)
        version = try c.required(Int.self, forKey: .version)
        providers = try c.strict([ExportedProvider].self, forKey: .providers) ?? []
        models = try c.strict([ExportedModel].self, forKey: .models) ?? []
        settings = try c.strict(SettingsPatch.self, forKey: .settings) ?? SettingsPatch()
    }
}

public struct ExportedProvider: Codable, Sendable, Hashable {
    public var id: String
    public var kind: ProviderKind
    public var name: String
    public var baseURL: String?
    public var apiVersion: String?
    public var enabled: Bool
    public var defaultModelID: String?
    public var rpmLimit: Int?
    public var tpmLimit: Int?
    public var maxParallel: Int?
    public var isBuiltin: Bool

    public init(
        id: String, kind: ProviderKind, name: String, baseURL: String?, apiVersion: String?, enabled: Bool,
        defaultModelID: String?, rpmLimit: Int?, tpmLimit: Int?, maxParallel: Int?, isBuiltin: Bool
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.enabled = enabled
        self.defaultModelID = defaultModelID
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
        self.isBuiltin = isBuiltin
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, name, enabled
        case baseURL = "base_url"
        case apiVersion = "api_version"
        case defaultModelID = "default_model_id"
        case rpmLimit = "rpm_limit"
        case tpmLimit = "tpm_limit"
        case maxParallel = "max_parallel"
        case isBuiltin = "is_builtin"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(String.self, forKey: .id)
        kind = try c.required(ProviderKind.self, forKey: .kind)
        name = try c.required(String.self, forKey: .name)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        enabled = try c.strict(Bool.self, forKey: .enabled) ?? true
        defaultModelID = try c.decodeIfPresent(String.self, forKey: .defaultModelID)
        rpmLimit = try c.decodeIfPresent(Int.self, forKey: .rpmLimit)
        tpmLimit = try c.decodeIfPresent(Int.self, forKey: .tpmLimit)
        maxParallel = try c.decodeIfPresent(Int.self, forKey: .maxParallel)
        isBuiltin = try c.strict(Bool.self, forKey: .isBuiltin) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(baseURL, forKey: .baseURL)
        try c.encode(apiVersion, forKey: .apiVersion)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(defaultModelID, forKey: .defaultModelID)
        try c.encode(rpmLimit, forKey: .rpmLimit)
        try c.encode(tpmLimit, forKey: .tpmLimit)
        try c.encode(maxParallel, forKey: .maxParallel)
        try c.encode(isBuiltin, forKey: .isBuiltin)
    }
}

public struct ExportedModel: Codable, Sendable, Hashable {
    public var id: String
    public var providerID: String
    public var name: String
    public var apiName: String
    public var contextWindow: Int
    public var maxOutputTokens: Int
    public var temperatureDefault: Double
    public var isBuiltin: Bool
    public var status: ModelStatus
    public var replacementModelID: String?
    public var costInputPerMillion: Decimal?
    public var costOutputPerMillion: Decimal?
    public var hfRepo: String?
    public var hfRevision: String?
    public var modelFile: String?

    public init(
        id: String, providerID: String, name: String, apiName: String, contextWindow: Int, maxOutputTokens: Int,
        temperatureDefault: Double, isBuiltin: Bool, status: ModelStatus, replacementModelID: String?,
        costInputPerMillion: Decimal?, costOutputPerMillion: Decimal?, hfRepo: String?, hfRevision: String?,
        modelFile: String?
    ) {
        self.id = id
        self.providerID = providerID
        self.name = name
        self.apiName = apiName
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.temperatureDefault = temperatureDefault
        self.isBuiltin = isBuiltin
        self.status = status
        self.replacementModelID = replacementModelID
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.hfRepo = hfRepo
        self.hfRevision = hfRevision
        self.modelFile = modelFile
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, status
        case providerID = "provider_id"
        case apiName = "api_name"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case temperatureDefault = "temperature_default"
        case isBuiltin = "is_builtin"
        case replacementModelID = "replacement_model_id"
        case costInputPerMillion = "cost_input_per_million"
        case costOutputPerMillion = "cost_output_per_million"
        case hfRepo = "hf_repo"
        case hfRevision = "hf_revision"
        case modelFile = "model_file"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.required(String.self, forKey: .id)
        providerID = try c.required(String.self, forKey: .providerID)
        name = try c.required(String.self, forKey: .name)
        apiName = try c.required(String.self, forKey: .apiName)
        contextWindow = try c.required(Int.self, forKey: .contextWindow)
        maxOutputTokens = try c.required(Int.self, forKey: .maxOutputTokens)
        temperatureDefault = try c.required(Double.self, forKey: .temperatureDefault)
        isBuiltin = try c.strict(Bool.self, forKey: .isBuiltin) ?? false
        status = try c.strict(ModelStatus.self, forKey: .status) ?? .active
        replacementModelID = try c.decodeIfPresent(String.self, forKey: .replacementModelID)
        costInputPerMillion = try c.decodeIfPresent(Double.self, forKey: .costInputPerMillion).map(Self.price)
        costOutputPerMillion = try c.decodeIfPresent(Double.self, forKey: .costOutputPerMillion).map(Self.price)
        hfRepo = try c.decodeIfPresent(String.self, forKey: .hfRepo)
        hfRevision = try c.decodeIfPresent(String.self, forKey: .hfRevision)
        modelFile = try c.decodeIfPresent(String.self, forKey: .modelFile)
    }

    /// A price read from a file. Read as a binary number first, because `Decimal` cannot hold
    /// every JSON number (1e-300); six decimals then give back the digits an export wrote. A
    /// finer price keeps its digits so that validation refuses it.
    static func price(_ value: Double) -> Decimal {
        guard value.isFinite else { return 0 }
        let posix = Locale(identifier: "en_US_POSIX")
        if PriceRule.fitsPlaces(value) { return Decimal(string: String(format: "%.6f", value), locale: posix) ?? 0 }
        // Too small for Decimal (1e-300) still has to fail the rule, not turn into 0.
        let fine = Decimal(string: String(format: "%.12g", value), locale: posix) ?? 0
        return PriceRule.fitsPlaces(fine) ? Decimal(sign: value < 0 ? .minus : .plus, exponent: -7, significand: 1) : fine
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(providerID, forKey: .providerID)
        try c.encode(name, forKey: .name)
        try c.encode(apiName, forKey: .apiName)
        try c.encode(contextWindow, forKey: .contextWindow)
        try c.encode(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encode(temperatureDefault, forKey: .temperatureDefault)
        try c.encode(isBuiltin, forKey: .isBuiltin)
        try c.encode(status, forKey: .status)
        try c.encode(replacementModelID, forKey: .replacementModelID)
        try c.encode(costInputPerMillion, forKey: .costInputPerMillion)
        try c.encode(costOutputPerMillion, forKey: .costOutputPerMillion)
        try c.encode(hfRepo, forKey: .hfRepo)
        try c.encode(hfRevision, forKey: .hfRevision)
        try c.encode(modelFile, forKey: .modelFile)
    }
}

/// What an import did, or would do with `dry_run=true`.
public struct ImportReport: Codable, Sendable, Hashable {
    public var dryRun: Bool
    public var applied: Bool
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    /// Every entry that is created, updated or skipped (unchanged ones are only counted).
    public var items: [ImportItem]
    public var warnings: [String]

    public init(dryRun: Bool, applied: Bool, created: Int, updated: Int, unchanged: Int, items: [ImportItem], warnings: [String]) {
        self.dryRun = dryRun
        self.applied = applied
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.items = items
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case applied, created, updated, unchanged, items, warnings
        case dryRun = "dry_run"
    }
}

public struct ImportItem: Codable, Sendable, Hashable {
    public enum Entity: String, Codable, Sendable { case provider, model, setting }
    public enum Action: String, Codable, Sendable { case create, update, skip }

    public var entity: Entity
    public var id: String
    public var name: String
    public var action: Action
    /// The fields that change (update) or are set (create); empty for a skip.
    public var fields: [String]
    public var note: String?

    public init(entity: Entity, id: String, name: String, action: Action, fields: [String], note: String? = nil) {
        self.entity = entity
        self.id = id
        self.name = name
        self.action = action
        self.fields = fields
        self.note = note
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entity, forKey: .entity)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(action, forKey: .action)
        try c.encode(fields, forKey: .fields)
        try c.encode(note, forKey: .note)
    }

    enum CodingKeys: String, CodingKey { case entity, id, name, action, fields, note }
}
