import Catalog
import Foundation
import HangarCore
import SQLKit
import Storage
import Synchronization

/// The system settings: typed keys stored as JSON, validated as a whole, read through a short
/// cache. Another replica's change is seen once the cache expires (a second by default), which
/// is as soon as any of these settings needs to take effect.
public final class SettingsService: Sendable {
    let database: any Database
    public let defaults: SettingsDefaults
    private let ttl: Duration
    private let cache = Mutex<(settings: SystemSettings, at: ContinuousClock.Instant)?>(nil)

    public init(database: any Database, defaults: SettingsDefaults, cacheTTL: Duration = .seconds(1)) {
        self.database = database
        self.defaults = defaults
        self.ttl = cacheTTL
    }

    /// The settings in effect. Falls back to the defaults when the database cannot be read, so
    /// a download or a list never fails because of a setting.
    public func current() async -> SystemSettings {
        if let cached = cache.withLock({ $0 }), ContinuousClock.now - cached.at < ttl { return cached.settings }
        guard let settings = try? await read() else { return defaults.settings }
        cache.withLock { $0 = (settings, .now) }
        return settings
    }

    /// The settings straight from the database (what `GET /api/settings` answers).
    public func read() async throws -> SystemSettings {
        try await database.read { sql in try await Self.stored(on: sql) }.resolved(over: defaults)
    }

    public func update(_ patch: SettingsPatch) async throws -> SystemSettings {
        let defaults = self.defaults
        let settings = try await database.write { sql in
            let next = try await Self.stored(on: sql).applying(patch)
            let problems = try await Self.problems(in: patch, on: sql)
            guard problems.isEmpty else { throw Self.error(problems) }
            try await Self.write(next, on: sql)
            return next.resolved(over: defaults)
        }
        cache.withLock { $0 = (settings, .now) }
        return settings
    }

    /// Drops the cache, after an import changed the table inside its own transaction.
    public func invalidate() {
        cache.withLock { $0 = nil }
    }

    static func stored(on sql: any SQLDatabase) async throws -> StoredSettings {
        StoredSettings(rows: try await SettingsQueries.all(on: sql))
    }

    /// The stored keys, as an export carries them.
    public static func storedPatch(on sql: any SQLDatabase) async throws -> SettingsPatch {
        try await stored(on: sql).asPatch
    }

    /// Makes the stored settings exactly `patch`'s values (absent keys back to their defaults),
    /// inside the caller's transaction. Returns the keys that changed.
    public static func replace(with patch: SettingsPatch, on sql: any SQLDatabase) async throws -> [String] {
        let current = try await stored(on: sql)
        let next = StoredSettings().applying(patch)
        let changed = current.differences(from: next)
        if !changed.isEmpty { try await write(next, on: sql) }
        return changed.map(\.rawValue)
    }

    static func write(_ settings: StoredSettings, on sql: any SQLDatabase) async throws {
        let now = Timestamp.format(Date())
        for (key, json) in try settings.rows() {
            if let json {
                try await SettingsQueries.put(key, json: json, at: now, on: sql)
            } else {
                try await SettingsQueries.remove(key, on: sql)
            }
        }
    }

    /// 422 when a value breaks its own rule; else 404 for a default model that does not exist,
    /// 409 for one that is deprecated (rules on stored state, as everywhere in the API).
    public static func error(_ problems: [String: FieldError]) -> HangarError {
        let references = problems.filter { $0.key.hasPrefix("default_models.") }
        guard references.count == problems.count else { return HangarError.validation(problems) }
        let list = references.keys.sorted().joined(separator: ", ")
        if references.values.contains(where: { $0.code == .notFound }) {
            return HangarError(
                .notFound, code: .modelNotFound, message: "No model has the id given for \(list); pick one from the catalog.",
                fields: references)
        }
        return HangarError(
            .conflict, code: .modelDeprecated, message: "A default must be an active model (\(list)); choose another one.",
            fields: references)
    }

    /// Every rule `patch` breaks, keyed like the request (`default_models.chat`).
    public static func problems(in patch: SettingsPatch, on sql: any SQLDatabase) async throws -> [String: FieldError] {
        var fields = fieldProblems(in: patch)
        for (key, problem) in try await referenceProblems(in: patch, on: sql) { fields[key] = problem }
        return fields
    }

    /// The rules each value keeps on its own (ranges, URL).
    public static func fieldProblems(in patch: SettingsPatch) -> [String: FieldError] {
        var fields: [String: FieldError] = [:]
        if case .set(let value) = patch.downloadConcurrency {
            fields["download_concurrency"] = .outside(
                value, SystemSettings.downloadConcurrencyRange, "Download concurrency must be between 1 and 16.")
        }
        if case .set(let value) = patch.ollamaCacheSeconds {
            fields["ollama_cache_seconds"] = .outside(
                value, SystemSettings.ollamaCacheSecondsRange, "Ollama cache seconds must be between 0 and 3,600.")
        }
        if case .set(let value) = patch.ollamaStatusPollSeconds {
            fields["ollama_status_poll_seconds"] = .outside(
                value, SystemSettings.ollamaStatusPollSecondsRange, "The status poll must be between 0 (off) and 3,600 seconds.")
        }
        if case .set(let value) = patch.ollamaUpdateCheckHours {
            fields["ollama_update_check_hours"] = .outside(
                value, SystemSettings.ollamaUpdateCheckHoursRange, "Update checks run every 0 (off) to 720 hours.")
        }
        if case .set(let value) = patch.discoveryIntervalHours {
            fields["discovery_interval_hours"] = .outside(
                value, SystemSettings.discoveryIntervalHoursRange, "Discovery runs every 0 (off) to 8,760 hours.")
        }
        // Empty is the shipped snapshot; anything else must be a URL price sync can fetch.
        if case .set(let value) = patch.priceDataURL, !value.isEmpty, var problem = FieldRules.baseURL(value) {
            problem.message = problem.message.replacingOccurrences(of: "Base URL", with: "Price data URL")
            fields["price_data_url"] = problem
        }
        if case .set(let value) = patch.ollamaKeepAlive, !OllamaKeepAlive.isValid(value) {
            fields["ollama_keep_alive"] = .invalidFormat(example: "5m", OllamaKeepAlive.rule)
        }
        if case .set(let value) = patch.jobRetentionDays {
            fields["job_retention_days"] = .outside(
                value, SystemSettings.jobRetentionDaysRange, "Job retention must be between 1 and 3,650 days.")
        }
        if case .set(let value) = patch.hfEndpoint, var problem = FieldRules.baseURL(value) {
            problem.message = problem.message.replacingOccurrences(of: "Base URL", with: "Hub endpoint")
            fields["hf_endpoint"] = problem
        }
        return fields
    }

    /// Default models must exist and be active.
    public static func referenceProblems(in patch: SettingsPatch, on sql: any SQLDatabase) async throws -> [String: FieldError] {
        var fields: [String: FieldError] = [:]
        for (purpose, value) in patch.defaultModels?.values ?? [:] {
            guard case .set(let id) = value else { continue }
            let key = "default_models.\(purpose.rawValue)"
            guard let model = try await ModelQueries.find(id: id, on: sql) else {
                fields[key] = .notFound("No model with id '\(id.prefix(80))'; pick one from the catalog.")
                continue
            }
            if model.status == .deprecated {
                fields[key] = FieldError(.deprecated, "\(model.name) is deprecated and cannot be a default; choose an active model.")
            }
        }
        return fields
    }
}
