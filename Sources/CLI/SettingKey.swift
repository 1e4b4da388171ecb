import ArgumentParser
import HangarCore

/// A name `hangar settings get|set` accepts: a setting, or one purpose of the default models.
enum SettingKey: Equatable {
    case defaultModels
    case defaultModel(ModelPurpose)
    case downloadConcurrency
    case ollamaCacheSeconds
    case hfEndpoint
    case jobRetentionDays
    case deprecatedModelPolicy
    case ollamaStatusPollSeconds
    case ollamaKeepAlive
    case ollamaUpdateCheckHours
    case priceDataURL
    case discoveryIntervalHours

    static let all: [SettingKey] =
        [.defaultModels] + ModelPurpose.allCases.map { .defaultModel($0) }
        + [
            .downloadConcurrency, .ollamaCacheSeconds, .hfEndpoint, .jobRetentionDays, .deprecatedModelPolicy, .ollamaStatusPollSeconds,
            .ollamaKeepAlive, .ollamaUpdateCheckHours, .priceDataURL, .discoveryIntervalHours,
        ]

    static var names: String { all.map(\.name).joined(separator: ", ") }

    /// The VALUE that resets a key, as `null` does in the API.
    static let resetWord = "default"

    var name: String {
        switch self {
        case .defaultModels: SystemSettings.Key.defaultModels.rawValue
        case .defaultModel(let purpose): "\(SystemSettings.Key.defaultModels.rawValue).\(purpose.rawValue)"
        case .downloadConcurrency: SystemSettings.Key.downloadConcurrency.rawValue
        case .ollamaCacheSeconds: SystemSettings.Key.ollamaCacheSeconds.rawValue
        case .hfEndpoint: SystemSettings.Key.hfEndpoint.rawValue
        case .jobRetentionDays: SystemSettings.Key.jobRetentionDays.rawValue
        case .deprecatedModelPolicy: SystemSettings.Key.deprecatedModelPolicy.rawValue
        case .ollamaStatusPollSeconds: SystemSettings.Key.ollamaStatusPollSeconds.rawValue
        case .ollamaKeepAlive: SystemSettings.Key.ollamaKeepAlive.rawValue
        case .ollamaUpdateCheckHours: SystemSettings.Key.ollamaUpdateCheckHours.rawValue
        case .priceDataURL: SystemSettings.Key.priceDataURL.rawValue
        case .discoveryIntervalHours: SystemSettings.Key.discoveryIntervalHours.rawValue
        }
    }

    /// Parses a key; unknown names are a usage error listing the keys, raised before any request.
    init(parsing name: String) throws {
        guard let key = Self.all.first(where: { $0.name == name }) else {
            throw ValidationError("Unknown setting '\(name)'. Keys: \(Self.names).")
        }
        self = key
    }

    /// The leaf keys this key stands for, in display order (the group shows its four purposes).
    var leaves: [SettingKey] {
        self == .defaultModels ? ModelPurpose.allCases.map { .defaultModel($0) } : [self]
    }

    /// The value as a person reads it; a purpose without a default model reads "none".
    func text(in settings: SystemSettings) -> String {
        switch self {
        case .defaultModels: ModelPurpose.allCases.map { "\($0.rawValue)=\(settings.defaultModels[$0] ?? "none")" }.joined(separator: " ")
        case .defaultModel(let purpose): settings.defaultModels[purpose] ?? "none"
        case .downloadConcurrency: String(settings.downloadConcurrency)
        case .ollamaCacheSeconds: String(settings.ollamaCacheSeconds)
        case .hfEndpoint: settings.hfEndpoint
        case .jobRetentionDays: String(settings.jobRetentionDays)
        case .deprecatedModelPolicy: settings.deprecatedModelPolicy.rawValue
        case .ollamaStatusPollSeconds: String(settings.ollamaStatusPollSeconds)
        case .ollamaKeepAlive: settings.ollamaKeepAlive
        case .ollamaUpdateCheckHours: String(settings.ollamaUpdateCheckHours)
        case .priceDataURL: settings.priceDataURL.isEmpty ? "snapshot" : settings.priceDataURL
        case .discoveryIntervalHours: String(settings.discoveryIntervalHours)
        }
    }

    /// The request body that sets this key to `value` (`default` sends null, resetting it).
    /// Only the type is checked here; ranges and model ids are the server's to judge (422).
    func patch(_ value: String) throws -> SettingsPatch {
        let reset = value == Self.resetWord
        switch self {
        case .defaultModels:
            guard reset else {
                throw ValidationError(
                    "\(name) takes only `\(Self.resetWord)` (clears every purpose); set one purpose with "
                        + "\(ModelPurpose.allCases.map { "\(name).\($0.rawValue)" }.joined(separator: ", ")) MODEL_ID.")
            }
            return SettingsPatch(defaultModels: .clearingAll)
        case .defaultModel(let purpose):
            guard !value.isEmpty else { throw ValidationError("\(name) takes a model id, or `\(Self.resetWord)` to clear it.") }
            return SettingsPatch(defaultModels: DefaultModelsPatch([purpose: reset ? .clear : .set(value)]))
        case .downloadConcurrency:
            return SettingsPatch(downloadConcurrency: try integer(value, reset: reset, range: SystemSettings.downloadConcurrencyRange))
        case .ollamaCacheSeconds:
            return SettingsPatch(ollamaCacheSeconds: try integer(value, reset: reset, range: SystemSettings.ollamaCacheSecondsRange))
        case .hfEndpoint:
            return SettingsPatch(hfEndpoint: reset ? .clear : .set(value))
        case .jobRetentionDays:
            return SettingsPatch(jobRetentionDays: try integer(value, reset: reset, range: SystemSettings.jobRetentionDaysRange))
        case .deprecatedModelPolicy:
            if reset { return SettingsPatch(deprecatedModelPolicy: .clear) }
            guard let policy = DeprecatedModelPolicy(rawValue: value) else {
                let choices = DeprecatedModelPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("\(name) takes one of \(choices), or `\(Self.resetWord)`; got '\(value)'.")
            }
            return SettingsPatch(deprecatedModelPolicy: .set(policy))
        case .ollamaStatusPollSeconds:
            return SettingsPatch(
                ollamaStatusPollSeconds: try integer(value, reset: reset, range: SystemSettings.ollamaStatusPollSecondsRange))
        case .ollamaKeepAlive:
            return SettingsPatch(ollamaKeepAlive: reset ? .clear : .set(value))
        case .ollamaUpdateCheckHours:
            return SettingsPatch(
                ollamaUpdateCheckHours: try integer(value, reset: reset, range: SystemSettings.ollamaUpdateCheckHoursRange))
        case .priceDataURL:
            return SettingsPatch(priceDataURL: reset ? .clear : .set(value))
        case .discoveryIntervalHours:
            return SettingsPatch(
                discoveryIntervalHours: try integer(value, reset: reset, range: SystemSettings.discoveryIntervalHoursRange))
        }
    }

    private func integer(_ value: String, reset: Bool, range: ClosedRange<Int>) throws -> PatchValue<Int> {
        if reset { return .clear }
        guard let number = Int(value) else {
            throw ValidationError(
                "\(name) takes a whole number (\(range.lowerBound)–\(range.upperBound)) or `\(Self.resetWord)`; got '\(value)'.")
        }
        return .set(number)
    }
}
