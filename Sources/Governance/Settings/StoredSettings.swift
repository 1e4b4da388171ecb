import Foundation
import HangarCore

/// Stored settings as typed values: the rows of `system_settings` decoded, and encoded back.
/// A row that no longer decodes (written by a newer version, or edited by hand) is ignored, so
/// the key falls back to its default instead of breaking every page.
struct StoredSettings: Sendable, Hashable {
    var defaultModels: DefaultModels?
    var downloadConcurrency: Int?
    var ollamaCacheSeconds: Int?
    var hfEndpoint: String?
    var jobRetentionDays: Int?
    var deprecatedModelPolicy: DeprecatedModelPolicy?
    var ollamaStatusPollSeconds: Int?
    var ollamaKeepAlive: String?
    var ollamaUpdateCheckHours: Int?
    var priceDataURL: String?
    var discoveryIntervalHours: Int?

    init(
        defaultModels: DefaultModels? = nil, downloadConcurrency: Int? = nil, ollamaCacheSeconds: Int? = nil, hfEndpoint: String? = nil,
        jobRetentionDays: Int? = nil
    ) {
        self.defaultModels = defaultModels
        self.downloadConcurrency = downloadConcurrency
        self.ollamaCacheSeconds = ollamaCacheSeconds
        self.hfEndpoint = hfEndpoint
        self.jobRetentionDays = jobRetentionDays
    }

    init(rows: [String: String]) {
        func decode<T: Decodable>(_ key: SystemSettings.Key, as type: T.Type) -> T? {
            guard let text = rows[key.rawValue] else { return nil }
            return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
        defaultModels = decode(.defaultModels, as: DefaultModels.self)
        downloadConcurrency = decode(.downloadConcurrency, as: Int.self)
        ollamaCacheSeconds = decode(.ollamaCacheSeconds, as: Int.self)
        hfEndpoint = decode(.hfEndpoint, as: String.self)
        jobRetentionDays = decode(.jobRetentionDays, as: Int.self)
        deprecatedModelPolicy = decode(.deprecatedModelPolicy, as: DeprecatedModelPolicy.self)
        ollamaStatusPollSeconds = decode(.ollamaStatusPollSeconds, as: Int.self)
        ollamaKeepAlive = decode(.ollamaKeepAlive, as: String.self)
        ollamaUpdateCheckHours = decode(.ollamaUpdateCheckHours, as: Int.self)
        priceDataURL = decode(.priceDataURL, as: String.self)
        discoveryIntervalHours = decode(.discoveryIntervalHours, as: Int.self)
    }

    /// The value of each key as JSON text; nil for a key that is not stored.
    func rows() throws -> [SystemSettings.Key: String?] {
        func encode<T: Encodable>(_ value: T?) throws -> String? {
            try value.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        }
        return [
            .defaultModels: try encode(defaultModels.flatMap { $0.isEmpty ? nil : $0 }),
            .downloadConcurrency: try encode(downloadConcurrency),
            .ollamaCacheSeconds: try encode(ollamaCacheSeconds),
            .hfEndpoint: try encode(hfEndpoint),
            .jobRetentionDays: try encode(jobRetentionDays),
            .deprecatedModelPolicy: try encode(deprecatedModelPolicy),
            .ollamaStatusPollSeconds: try encode(ollamaStatusPollSeconds),
            .ollamaKeepAlive: try encode(ollamaKeepAlive),
            .ollamaUpdateCheckHours: try encode(ollamaUpdateCheckHours),
            .priceDataURL: try encode(priceDataURL),
            .discoveryIntervalHours: try encode(discoveryIntervalHours),
        ]
    }

    /// The keys whose stored values differ, compared as values (JSON text may order keys differently).
    func differences(from other: StoredSettings) -> [SystemSettings.Key] {
        var keys: [SystemSettings.Key] = []
        if (defaultModels.flatMap { $0.isEmpty ? nil : $0 }) != (other.defaultModels.flatMap { $0.isEmpty ? nil : $0 }) {
            keys.append(.defaultModels)
        }
        if downloadConcurrency != other.downloadConcurrency { keys.append(.downloadConcurrency) }
        if ollamaCacheSeconds != other.ollamaCacheSeconds { keys.append(.ollamaCacheSeconds) }
        if hfEndpoint != other.hfEndpoint { keys.append(.hfEndpoint) }
        if jobRetentionDays != other.jobRetentionDays { keys.append(.jobRetentionDays) }
        if deprecatedModelPolicy != other.deprecatedModelPolicy { keys.append(.deprecatedModelPolicy) }
        if ollamaStatusPollSeconds != other.ollamaStatusPollSeconds { keys.append(.ollamaStatusPollSeconds) }
        if ollamaKeepAlive != other.ollamaKeepAlive { keys.append(.ollamaKeepAlive) }
        if ollamaUpdateCheckHours != other.ollamaUpdateCheckHours { keys.append(.ollamaUpdateCheckHours) }
        if priceDataURL != other.priceDataURL { keys.append(.priceDataURL) }
        if discoveryIntervalHours != other.discoveryIntervalHours { keys.append(.discoveryIntervalHours) }
        return keys
    }

    func resolved(over defaults: SettingsDefaults) -> SystemSettings {
        SystemSettings(
            defaultModels: defaultModels ?? DefaultModels(),
            downloadConcurrency: downloadConcurrency ?? defaults.downloadConcurrency,
            ollamaCacheSeconds: ollamaCacheSeconds ?? defaults.ollamaCacheSeconds,
            hfEndpoint: hfEndpoint ?? defaults.hfEndpoint, jobRetentionDays: jobRetentionDays ?? defaults.jobRetentionDays,
            deprecatedModelPolicy: deprecatedModelPolicy ?? defaults.deprecatedModelPolicy,
            ollamaStatusPollSeconds: ollamaStatusPollSeconds ?? defaults.ollamaStatusPollSeconds,
            ollamaKeepAlive: ollamaKeepAlive ?? defaults.ollamaKeepAlive,
            ollamaUpdateCheckHours: ollamaUpdateCheckHours ?? defaults.ollamaUpdateCheckHours,
            priceDataURL: priceDataURL ?? defaults.priceDataURL,
            discoveryIntervalHours: discoveryIntervalHours ?? defaults.discoveryIntervalHours)
    }

    /// `patch` applied: a value sets a key, null removes it, absence keeps it.
    func applying(_ patch: SettingsPatch) -> StoredSettings {
        var next = self
        if let models = patch.defaultModels {
            var merged = defaultModels ?? DefaultModels()
            for (purpose, value) in models.values { merged[purpose] = value.value }
            next.defaultModels = merged.isEmpty ? nil : merged
        }
        if let value = patch.downloadConcurrency { next.downloadConcurrency = value.value }
        if let value = patch.ollamaCacheSeconds { next.ollamaCacheSeconds = value.value }
        if let value = patch.hfEndpoint { next.hfEndpoint = value.value }
        if let value = patch.jobRetentionDays { next.jobRetentionDays = value.value }
        if let value = patch.deprecatedModelPolicy { next.deprecatedModelPolicy = value.value }
        if let value = patch.ollamaStatusPollSeconds { next.ollamaStatusPollSeconds = value.value }
        if let value = patch.ollamaKeepAlive { next.ollamaKeepAlive = value.value }
        if let value = patch.ollamaUpdateCheckHours { next.ollamaUpdateCheckHours = value.value }
        if let value = patch.priceDataURL { next.priceDataURL = value.value }
        if let value = patch.discoveryIntervalHours { next.discoveryIntervalHours = value.value }
        return next
    }

    /// The stored keys as an export carries them (absent = default).
    var asPatch: SettingsPatch {
        SettingsPatch(
            defaultModels: defaultModels.flatMap { models in
                models.isEmpty
                    ? nil
                    : DefaultModelsPatch(
                        Dictionary(uniqueKeysWithValues: ModelPurpose.allCases.compactMap { p in models[p].map { (p, .set($0)) } }))
            },
            downloadConcurrency: downloadConcurrency.map { .set($0) }, ollamaCacheSeconds: ollamaCacheSeconds.map { .set($0) },
            hfEndpoint: hfEndpoint.map { .set($0) }, jobRetentionDays: jobRetentionDays.map { .set($0) },
            deprecatedModelPolicy: deprecatedModelPolicy.map { .set($0) },
            ollamaStatusPollSeconds: ollamaStatusPollSeconds.map { .set($0) }, ollamaKeepAlive: ollamaKeepAlive.map { .set($0) },
            ollamaUpdateCheckHours: ollamaUpdateCheckHours.map { .set($0) }, priceDataURL: priceDataURL.map { .set($0) },
            discoveryIntervalHours: discoveryIntervalHours.map { .set($0) })
    }
}
