import Catalog
import Foundation
import Governance
import HangarCore
import Storage

/// `POST /api/models/{id}/test`: one minimal completion through the model's connection, within
/// the connection's limits, retried on 429, then recorded as usage with the prices of the day.
public struct ModelTestService: Sendable {
    let catalog: CatalogService
    let database: any Database
    let governor: CallGovernor
    let completions: CompletionClient
    let retry: RetryPolicy
    let now: @Sendable () -> Date

    public init(
        catalog: CatalogService, database: any Database, governor: CallGovernor, completions: CompletionClient = CompletionClient(),
        retry: RetryPolicy = .standard, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.catalog = catalog
        self.database = database
        self.governor = governor
        self.completions = completions
        self.retry = retry
        self.now = now
    }

    public func test(modelID: String, _ request: ModelTestRequest) async throws -> ModelTestResult {
        let (prompt, maxTokens) = try Self.validated(request)
        let model = try await catalog.model(id: modelID)
        let provider = try await catalog.provider(id: model.providerID)
        let target = try await target(of: model, provider: provider)
        let call = try await send(CompletionRequest(prompt: prompt, maxTokens: maxTokens), to: target, provider: provider)
        let record = UsageRecord(
            id: UUID().uuidString.lowercased(), modelID: model.id, modelName: model.name, providerID: provider.id,
            apiName: model.apiName, purpose: "test", inputTokens: call.result.inputTokens, outputTokens: call.result.outputTokens,
            latencyMS: call.result.latency.wholeMilliseconds, costInputPerMillion: model.costInputPerMillion.map(Decimals.exact),
            costOutputPerMillion: model.costOutputPerMillion.map(Decimals.exact), costUSD: nil, createdAt: Timestamp.format(now()))
        var priced = record
        priced.costUSD = record.pricedCost
        // `last_used_at` changes with the usage record, and open pages hear of it.
        try await catalog.recordUse(modelID: model.id, at: priced.createdAt) { [priced] sql in
            try await UsageQueries.insert(priced, on: sql)
        }
        return ModelTestResult(
            modelID: model.id, providerID: provider.id, apiName: model.apiName, text: call.result.text,
            finishReason: call.result.finishReason, latencyMS: priced.latencyMS, inputTokens: priced.inputTokens,
            outputTokens: priced.outputTokens, costInputPerMillion: priced.costInputPerMillion,
            costOutputPerMillion: priced.costOutputPerMillion, costUSD: priced.costUSD, attempts: call.attempts,
            waitedMS: call.waited.wholeMilliseconds, usageID: priced.id, testedAt: priced.createdAt,
            warning: try await warning(for: model))
    }

    struct Call {
        let result: CompletionResult
        let attempts: Int
        let waited: Duration
    }

    /// Each attempt takes a slot under the connection's limits and gives it back; a 429 waits
    /// (its `Retry-After`, else backoff) and tries again while the total wait stays in budget.
    func send(_ request: CompletionRequest, to target: CompletionTarget, provider: Provider) async throws -> Call {
        let limits = ProviderLimits(of: provider)
        let deadline = ContinuousClock.now + retry.maxTotalWait
        let estimate = request.prompt.utf8.count / 4 + 8 + request.maxTokens
        var waited = Duration.zero
        var attempt = 0
        while true {
            attempt += 1
            let permit = try await governor.acquire(
                providerID: provider.id, providerName: provider.name, limits: limits, tokens: estimate, deadline: deadline)
            waited += permit.waited
            do {
                let result = try await completions.complete(request, on: target)
                let used = result.inputTokens.flatMap { input in result.outputTokens.map { input + $0 } }
                await governor.release(permit, tokens: used)
                return Call(result: result, attempts: attempt, waited: waited)
            } catch {
                await governor.release(permit, tokens: nil)
                guard error.kind == .rateLimited else { throw CompletionErrors.hangarError(error, provider: provider) }
                guard let pause = retry.delay(after: attempt, retryAfter: error.retryAfter), ContinuousClock.now + pause <= deadline else {
                    throw CompletionErrors.rateLimited(error, provider: provider, attempts: attempt)
                }
                try await Task.sleep(for: pause)
                waited += pause
            }
        }
    }

    func target(of model: CatalogModel, provider: Provider) async throws -> CompletionTarget {
        guard provider.kind != .local else {
            throw HangarError(
                .conflict, code: .modelNotTestable,
                message: "'\(model.name)' is a local GGUF file; Hangar does not run it. Test hosted or Ollama models.")
        }
        guard provider.enabled else {
            throw HangarError(
                .conflict, code: .providerDisabled,
                message: "The connection '\(provider.name)' is disabled; enable it to test its models.")
        }
        let key = try await catalog.apiKey(ofProvider: provider.id)
        // Hosted APIs refuse every call without a key; saying so beats a round trip.
        if key == nil, [.mistral, .openai, .azureOpenAI].contains(provider.kind) {
            throw HangarError(
                .conflict, code: .providerNotConfigured,
                message: "The connection '\(provider.name)' has no API key; set it to test its models.")
        }
        return CompletionTarget(
            kind: provider.kind, baseURL: provider.baseURL, apiKey: key, apiVersion: provider.apiVersion, model: model.apiName)
    }

    func warning(for model: CatalogModel) async throws -> ModelTestWarning? {
        if let notice = DeprecationNotice.message(for: model, today: CivilDay(utc: Date())) {
            return ModelTestWarning(code: "deprecation_soon", message: notice, replacementModelID: nil)
        }
        guard model.status == .deprecated else { return nil }
        guard let id = model.replacementModelID, let replacement = try? await catalog.model(id: id) else {
            return ModelTestWarning(
                code: "model_deprecated", message: "\(model.name) is deprecated; move to an active model.", replacementModelID: nil)
        }
        return ModelTestWarning(
            code: "model_deprecated", message: "\(model.name) is deprecated; use \(replacement.name) instead.",
            replacementModelID: replacement.id)
    }

    static func validated(_ request: ModelTestRequest) throws -> (String, Int) {
        var fields: [String: FieldError] = [:]
        let prompt = request.prompt ?? ModelTestRequest.defaultPrompt
        if prompt.unicodeScalars.count > ModelTestRequest.promptMax {
            fields["prompt"] = .tooLong(max: ModelTestRequest.promptMax, "The prompt must be at most 4,000 characters.")
        } else if prompt.unicodeScalars.allSatisfy(ModelTestRequest.isBlank) {
            fields["prompt"] = .required("The prompt must not be empty.")
        }
        let maxTokens = request.maxTokens ?? ModelTestRequest.defaultMaxTokens
        fields["max_tokens"] = .outside(maxTokens, ModelTestRequest.maxTokensRange, "Max tokens must be between 1 and 4,096.")
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        return (prompt, maxTokens)
    }
}

extension Duration {
    var wholeMilliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
