/// Kinds of provider connection. `local` is the builtin owner of downloaded GGUF files.
public enum ProviderKind: String, Codable, Sendable, CaseIterable {
    case mistral
    case openai
    case azureOpenAI = "azure-openai"
    case ollama
    case openAICompatible = "openai-compatible"
    case local
}

/// A model is served by a remote API (`hosted`) or from a file on this machine (`local`).
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    case hosted
    case local
}

public enum ModelStatus: String, Codable, Sendable, CaseIterable {
    case active
    case deprecated
}

public enum DownloadStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case downloading
    case downloaded
    case failed
    case canceled
}

extension ProviderKind {
    /// Azure OpenAI's current GA API version, used when a connection names none.
    public static let defaultAzureAPIVersion = "2024-10-21"
}
