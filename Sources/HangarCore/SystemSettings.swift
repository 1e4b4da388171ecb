import Foundation

/// The purposes a default model can be chosen for, beside each connection's own default.
public enum ModelPurpose: String, CaseIterable, Sendable, Codable {
    case chat, code, embedding, vision
}

/// What happens when a request names a deprecated model (the `deprecated_model_policy` setting).
public enum DeprecatedModelPolicy: String, Codable, Sendable, CaseIterable {
    /// Serve it, with a `Hangar-Warning` header naming the replacement.
    case warn
    /// Serve the replacement instead, and say so in a header.
    case redirect
    /// Refuse with 410, naming the replacement.
    case refuse
}

/// The default model id per purpose; null when none is chosen.
public struct DefaultModels: Codable, Sendable, Hashable {
    public var chat: String?
    public var code: String?
    public var embedding: String?
    public var vision: String?

    public init(chat: String? = nil, code: String? = nil, embedding: String? = nil, vision: String? = nil) {
        self.chat = chat
        self.code = code
        self.embedding = embedding
        self.vision = vision
    }

    public subscript(purpose: ModelPurpose) -> String? {
        get {
            switch purpose {
            case .chat: chat
            case .code: code
            case .embedding: embedding
            case .vision: vision
            }
        }
        set {
            switch purpose {
            case .chat: chat = newValue
            case .code: code = newValue
            case .embedding: embedding = newValue
            case .vision: vision = newValue
            }
        }
    }

    public var isEmpty: Bool { ModelPurpose.allCases.allSatisfy { self[$0] == nil } }

    enum CodingKeys: String, CodingKey, CaseIterable { case chat, code, embedding, vision }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chat = try c.decodeIfPresent(String.self, forKey: .chat)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        embedding = try c.decodeIfPresent(String.self, forKey: .embedding)
        vision = try c.decodeIfPresent(String.self, forKey: .vision)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(chat, forKey: .chat)
        try c.encode(code, forKey: .code)
        try c.encode(embedding, forKey: .embedding)
        try c.encode(vision, forKey: .vision)
    }
}

/// The system settings in effect: stored values, else the server's defaults (its environment).
public struct SystemSettings: Codable, Sendable, Hashable {
    public var defaultModels: DefaultModels
    public var downloadConcurrency: Int
    public var ollamaCacheSeconds: Int
    public var hfEndpoint: String
    public var jobRetentionDays: Int
    public var deprecatedModelPolicy: DeprecatedModelPolicy
    /// How often each Ollama server's `/api/ps` is read to keep runtime statuses true; 0 = never.
    public var ollamaStatusPollSeconds: Int
    /// The `keep_alive` a start sends (`5m`, `1h`, `-1` for ever).
    public var ollamaKeepAlive: String
    /// Hours between scheduled update checks of every Ollama server; 0 = off.
    public var ollamaUpdateCheckHours: Int
    /// A LiteLLM price file (http or https) that price sync reads; empty: the shipped snapshot.
    public var priceDataURL: String
    /// Hours between scheduled discoveries of every enabled connection; 0 = off.
    public var discoveryIntervalHours: Int

    public init(
        defaultModels: DefaultModels, downloadConcurrency: Int, ollamaCacheSeconds: Int, hfEndpoint: String, jobRetentionDays: Int,
        deprecatedModelPolicy: DeprecatedModelPolicy = .warn, ollamaStatusPollSeconds: Int = 10, ollamaKeepAlive: String = "5m",
        ollamaUpdateCheckHours: Int = 0, priceDataURL: String = "", discoveryIntervalHours: Int = 0
    ) {
        self.priceDataURL = priceDataURL
        self.discoveryIntervalHours = discoveryIntervalHours
        self.ollamaStatusPollSeconds = ollamaStatusPollSeconds
        self.ollamaKeepAlive = ollamaKeepAlive
        self.ollamaUpdateCheckHours = ollamaUpdateCheckHours
        self.defaultModels = defaultModels
        self.downloadConcurrency = downloadConcurrency
        self.ollamaCacheSeconds = ollamaCacheSeconds
        self.hfEndpoint = hfEndpoint
        self.jobRetentionDays = jobRetentionDays
        self.deprecatedModelPolicy = deprecatedModelPolicy
    }

    public enum Key: String, CodingKey, CaseIterable, Sendable {
        case defaultModels = "default_models"
        case downloadConcurrency = "download_concurrency"
        case ollamaCacheSeconds = "ollama_cache_seconds"
        case hfEndpoint = "hf_endpoint"
        case jobRetentionDays = "job_retention_days"
        case deprecatedModelPolicy = "deprecated_model_policy"
        case ollamaStatusPollSeconds = "ollama_status_poll_seconds"
        case ollamaKeepAlive = "ollama_keep_alive"
        case ollamaUpdateCheckHours = "ollama_update_check_hours"
        case priceDataURL = "price_data_url"
        case discoveryIntervalHours = "discovery_interval_hours"
    }

    typealias CodingKeys = Key

    public static let downloadConcurrencyRange = 1...16
    public static let ollamaCacheSecondsRange = 0...3600
    public static let jobRetentionDaysRange = 1...3650
    public static let ollamaStatusPollSecondsRange = 0...3600
    public static let ollamaUpdateCheckHoursRange = 0...720
    public static let discoveryIntervalHoursRange = 0...8760

    /// How long finished jobs are kept.
    public var jobRetention: Duration { .seconds(Int64(jobRetentionDays) * 86_400) }
}

/// Stored settings, as a PUT sends them and an export carries them: an absent key is left as it
/// is (PUT) or means "the default" (export); `null` resets a key to its default.
public struct SettingsPatch: Codable, Sendable, Hashable {
    public var defaultModels: DefaultModelsPatch?
    public var downloadConcurrency: PatchValue<Int>?
    public var ollamaCacheSeconds: PatchValue<Int>?
    public var hfEndpoint: PatchValue<String>?
    public var jobRetentionDays: PatchValue<Int>?
    public var deprecatedModelPolicy: PatchValue<DeprecatedModelPolicy>?
    public var ollamaStatusPollSeconds: PatchValue<Int>?
    public var ollamaKeepAlive: PatchValue<String>?
    public var ollamaUpdateCheckHours: PatchValue<Int>?
    public var priceDataURL: PatchValue<String>?
    public var discoveryIntervalHours: PatchValue<Int>?

    public init(
        defaultModels: DefaultModelsPatch? = nil, downloadConcurrency: PatchValue<Int>? = nil,
        ollamaCacheSeconds: PatchValue<Int>? = nil, hfEndpoint: PatchValue<String>? = nil, jobRetentionDays: PatchValue<Int>? = nil,
        deprecatedModelPolicy: PatchValue<DeprecatedModelPolicy>? = nil, ollamaStatusPollSeconds: PatchValue<Int>? = nil,
        ollamaKeepAlive: PatchValue<String>? = nil, ollamaUpdateCheckHours: PatchValue<Int>? = nil,
        priceDataURL: PatchValue<String>? = nil, discoveryIntervalHours: PatchValue<Int>? = nil
    ) {
        self.priceDataURL = priceDataURL
        self.discoveryIntervalHours = discoveryIntervalHours
        self.ollamaStatusPollSeconds = ollamaStatusPollSeconds
        self.ollamaKeepAlive = ollamaKeepAlive
        self.ollamaUpdateCheckHours = ollamaUpdateCheckHours
        self.deprecatedModelPolicy = deprecatedModelPolicy
        self.defaultModels = defaultModels
        self.downloadConcurrency = downloadConcurrency
        self.ollamaCacheSeconds = ollamaCacheSeconds
        self.hfEndpoint = hfEndpoint
        self.jobRetentionDays = jobRetentionDays
    }

    public var isEmpty: Bool { self == SettingsPatch() }

    typealias CodingKeys = SystemSettings.Key

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.defaultModels) {
            defaultModels =
                try c.decodeNil(forKey: .defaultModels)
                ? DefaultModelsPatch.clearingAll : try c.decode(DefaultModelsPatch.self, forKey: .defaultModels)
        }
        downloadConcurrency = try c.patch(Int.self, forKey: .downloadConcurrency)
        ollamaCacheSeconds = try c.patch(Int.self, forKey: .ollamaCacheSeconds)
        hfEndpoint = try c.patch(String.self, forKey: .hfEndpoint)
        jobRetentionDays = try c.patch(Int.self, forKey: .jobRetentionDays)
        deprecatedModelPolicy = try c.patch(DeprecatedModelPolicy.self, forKey: .deprecatedModelPolicy)
        ollamaStatusPollSeconds = try c.patch(Int.self, forKey: .ollamaStatusPollSeconds)
        ollamaKeepAlive = try c.patch(String.self, forKey: .ollamaKeepAlive)
        ollamaUpdateCheckHours = try c.patch(Int.self, forKey: .ollamaUpdateCheckHours)
        priceDataURL = try c.patch(String.self, forKey: .priceDataURL)
        discoveryIntervalHours = try c.patch(Int.self, forKey: .discoveryIntervalHours)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(defaultModels, forKey: .defaultModels)
        try c.encode(patch: downloadConcurrency, forKey: .downloadConcurrency)
        try c.encode(patch: ollamaCacheSeconds, forKey: .ollamaCacheSeconds)
        try c.encode(patch: hfEndpoint, forKey: .hfEndpoint)
        try c.encode(patch: jobRetentionDays, forKey: .jobRetentionDays)
        try c.encode(patch: deprecatedModelPolicy, forKey: .deprecatedModelPolicy)
        try c.encode(patch: ollamaStatusPollSeconds, forKey: .ollamaStatusPollSeconds)
        try c.encode(patch: ollamaKeepAlive, forKey: .ollamaKeepAlive)
        try c.encode(patch: ollamaUpdateCheckHours, forKey: .ollamaUpdateCheckHours)
        try c.encode(patch: priceDataURL, forKey: .priceDataURL)
        try c.encode(patch: discoveryIntervalHours, forKey: .discoveryIntervalHours)
    }
}

/// Purposes to change: a model id sets one, `null` clears it, an absent purpose stays.
public struct DefaultModelsPatch: Codable, Sendable, Hashable {
    public var values: [ModelPurpose: PatchValue<String>]

    public init(_ values: [ModelPurpose: PatchValue<String>] = [:]) { self.values = values }

    public static var clearingAll: DefaultModelsPatch {
        DefaultModelsPatch(Dictionary(uniqueKeysWithValues: ModelPurpose.allCases.map { ($0, .clear) }))
    }

    typealias CodingKeys = DefaultModels.CodingKeys

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var values: [ModelPurpose: PatchValue<String>] = [:]
        for key in CodingKeys.allCases {
            if let value = try c.patch(String.self, forKey: key), let purpose = ModelPurpose(rawValue: key.stringValue) {
                values[purpose] = value
            }
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for purpose in ModelPurpose.allCases {
            guard let key = CodingKeys(stringValue: purpose.rawValue) else { continue }
            try c.encode(patch: values[purpose], forKey: key)
        }
    }
}
