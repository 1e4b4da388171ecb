import HangarCore

/// Where a completion goes: a connection (kind, base URL, key already decrypted) and a model
/// on it.
public struct CompletionTarget: Sendable {
    public var kind: ProviderKind
    /// Nil uses the public API of Mistral or OpenAI; every other kind needs one.
    public var baseURL: String?
    public var apiKey: String?
    /// Azure OpenAI only; nil means `ProviderKind.defaultAzureAPIVersion`.
    public var apiVersion: String?
    /// The model's API name; on Azure OpenAI, the deployment name.
    public var model: String

    public init(kind: ProviderKind, baseURL: String? = nil, apiKey: String? = nil, apiVersion: String? = nil, model: String) {
        self.kind = kind
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.model = model
    }
}

/// One user message and the few settings a minimal completion needs.
public struct CompletionRequest: Sendable, Hashable {
    public var prompt: String
    public var maxTokens: Int
    /// Nil leaves the upstream's default.
    public var temperature: Double?

    public init(prompt: String, maxTokens: Int = 16, temperature: Double? = nil) {
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}

public struct CompletionResult: Sendable, Hashable {
    public var text: String
    /// Nil when the server did not say.
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// From sending the request to having read the whole answer.
    public var latency: Duration
    public var finishReason: String?
    /// The model the upstream says it used, which may be more precise than the one asked for
    /// (`gpt-4o` → `gpt-4o-2024-08-06`).
    public var servedModel: String?

    public init(
        text: String, inputTokens: Int?, outputTokens: Int?, latency: Duration, finishReason: String?, servedModel: String?
    ) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latency = latency
        self.finishReason = finishReason
        self.servedModel = servedModel
    }
}
