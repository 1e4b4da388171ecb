import Catalog
import Governance
import HangarCore
import HangarOpenAPI
import Ollama

extension HangarAPI {
    func getMeta(_ input: Operations.GetMeta.Input) async throws -> Operations.GetMeta.Output {
        .ok(.init(body: .json(MetaDocument.meta(defaults: live.settings.defaults))))
    }
}

/// `GET /api/meta`, built from the constants the server validates with, so a client that
/// checks a form with these rules refuses exactly what the server would.
enum MetaDocument {
    static func meta(defaults: SettingsDefaults) -> APIMeta {
        APIMeta(
            fields: ["provider": provider, "model": model, "settings": settings(defaults), "ollama": ollama],
            kinds: [
                "provider": ProviderKind.allCases.map(\.rawValue),
                "creatable_provider": CatalogService.creatableKinds.map(\.rawValue),
                "model": ModelKind.allCases.map(\.rawValue),
                "model_status": ModelStatus.allCases.map(\.rawValue),
                "model_purpose": ModelPurpose.allCases.map(\.rawValue),
                "download_status": DownloadStatus.allCases.map(\.rawValue),
                "job_state": JobState.allCases.map(\.rawValue),
                "ollama_update_status": OllamaUpdateStatus.allCases.map(\.rawValue),
                "deprecated_model_policy": DeprecatedModelPolicy.allCases.map(\.rawValue),
            ],
            errorCodes: ErrorCode.allCases.map(\.rawValue),
            fieldErrorCodes: FieldErrorCode.allCases.map(\.rawValue), builtinEditable: ModelUpdate.builtinEditable,
            deprecationWarningDays: DeprecationNotice.warningDays)
    }

    static let name = FieldRule(.string, required: true, minLength: 1, maxLength: FieldRules.nameMax, notBlank: true, noControl: true)

    static func url(required: Bool, default: String? = nil) -> FieldRule {
        FieldRule(
            .url, required: required, maxLength: FieldRules.urlMaxLength, printableASCII: true, schemes: FieldRules.urlSchemes,
            default: `default`.map { .string($0) })
    }

    /// A model name on an Ollama server (pull, copy, load).
    static let ollama: [String: FieldRule] = [
        "model": FieldRule(
            .string, required: true, minLength: 1, maxLength: OllamaName.maxLength, pattern: OllamaName.pattern, example: "llama3.2:1b")
    ]

    static let secret = FieldRule(.secret, minLength: 1, maxLength: FieldRules.secretMax, printableASCII: true)

    static let provider: [String: FieldRule] = [
        "name": name,
        "base_url": url(required: true),
        "api_key": secret,
        "api_version": FieldRule(
            .string, pattern: FieldRules.apiVersionPattern, example: "2024-10-21", default: .string(ProviderKind.defaultAzureAPIVersion)),
        "rpm_limit": .range(FieldRules.limitRange),
        "tpm_limit": .range(FieldRules.limitRange),
        "max_parallel": .range(FieldRules.maxParallelRange),
    ]

    static let model: [String: FieldRule] = [
        "name": name,
        "api_name": FieldRule(
            .string, required: true, minLength: 1, maxLength: FieldRules.apiNameMax, noControl: true, noSpaces: true),
        "context_window": .range(FieldRules.contextWindowRange, default: CatalogService.defaultContextWindow),
        "max_output_tokens": .range(FieldRules.maxOutputTokensRange, default: CatalogService.defaultMaxOutputTokens),
        "temperature_default": .range(FieldRules.temperatureRange, default: CatalogService.defaultTemperature),
        "cost_input_per_million": .range(FieldRules.costRange, decimalPlaces: PriceRule.places),
        "cost_output_per_million": .range(FieldRules.costRange, decimalPlaces: PriceRule.places),
        "hf_repo": FieldRule(.string, maxLength: FieldRules.hfRepoMax, pattern: FieldRules.hfRepoPattern, example: "owner/name"),
        "hf_revision": FieldRule(.string, pattern: FieldRules.hfRevisionPattern, example: "main", default: .string("main")),
        "model_file": FieldRule(
            .string, maxLength: FieldRules.modelFileMax, pattern: FieldRules.modelFilePattern, example: "model.Q4_K_M.gguf"),
        "hf_token": secret,
        "deprecation_date": FieldRule(.string, pattern: FieldRules.deprecationDatePattern, example: "2026-12-31"),
    ]

    static func settings(_ defaults: SettingsDefaults) -> [String: FieldRule] {
        [
            "download_concurrency": .range(SystemSettings.downloadConcurrencyRange, default: defaults.downloadConcurrency),
            "ollama_cache_seconds": .range(SystemSettings.ollamaCacheSecondsRange, default: defaults.ollamaCacheSeconds),
            "job_retention_days": .range(SystemSettings.jobRetentionDaysRange, default: defaults.jobRetentionDays),
            "ollama_status_poll_seconds": .range(SystemSettings.ollamaStatusPollSecondsRange, default: defaults.ollamaStatusPollSeconds),
            "ollama_update_check_hours": .range(SystemSettings.ollamaUpdateCheckHoursRange, default: defaults.ollamaUpdateCheckHours),
            "ollama_keep_alive": FieldRule(
                .string, maxLength: 8, pattern: OllamaKeepAlive.pattern, example: "5m", default: .string(defaults.ollamaKeepAlive)),
            "hf_endpoint": url(required: false, default: defaults.hfEndpoint),
            "price_data_url": url(required: false, default: defaults.priceDataURL),
            "discovery_interval_hours": .range(SystemSettings.discoveryIntervalHoursRange, default: defaults.discoveryIntervalHours),
        ]
    }
}
