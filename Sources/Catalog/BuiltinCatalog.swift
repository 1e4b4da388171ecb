import HangarCore

/// The connections and models every Hangar starts with (seed 000's 16 models, seed 001's
/// Qwen3 local model). Ids are fixed so that every installation, export and test agrees.
public enum BuiltinCatalog {
    public struct ProviderSeed: Sendable {
        public let id: String
        public let kind: ProviderKind
        public let name: String
        public let baseURL: String?
        public let apiVersion: String?
        public let enabled: Bool
    }

    public struct ModelSeed: Sendable {
        public let id: String
        public let providerID: String
        public let apiName: String
        public let name: String
        public let contextWindow: Int
        public let maxOutputTokens: Int
        public var hfRepo: String? = nil
        public var modelFile: String? = nil
    }

    public static let providers: [ProviderSeed] = [
        .init(id: "mistral", kind: .mistral, name: "Mistral", baseURL: "https://api.mistral.ai", apiVersion: nil, enabled: true),
        .init(id: "ollama", kind: .ollama, name: "Ollama", baseURL: "http://localhost:11434", apiVersion: nil, enabled: true),
        .init(id: "openai", kind: .openai, name: "OpenAI", baseURL: "https://api.openai.com", apiVersion: nil, enabled: true),
        // Azure needs the admin's own endpoint, so it stays disabled until configured.
        .init(
            id: "azure-openai", kind: .azureOpenAI, name: "Azure OpenAI", baseURL: nil, apiVersion: ProviderKind.defaultAzureAPIVersion,
            enabled: false),
        .init(id: "local", kind: .local, name: "Local", baseURL: nil, apiVersion: nil, enabled: true),
    ]

    public static let qwenRepo = "unsloth/Qwen3-0.6B-GGUF"
    public static let qwenFile = "Qwen3-0.6B-Q4_0.gguf"

    public static let models: [ModelSeed] = mistral + ollama + [qwen]

    private static let mistral: [ModelSeed] = [
        ("mistral-large-latest", "Mistral Large", 128_000, 8192),
        ("mistral-medium-latest", "Mistral Medium", 32_000, 8192),
        ("mistral-small-latest", "Mistral Small", 32_000, 8192),
        ("open-mistral-7b", "Open Mistral 7B", 32_000, 4096),
        ("open-mixtral-8x7b", "Open Mixtral 8x7B", 32_000, 4096),
        ("open-mixtral-8x22b", "Open Mixtral 8x22B", 64_000, 4096),
        ("codestral-latest", "Codestral", 256_000, 8192),
    ].map { seed(provider: "mistral", $0) }

    private static let ollama: [ModelSeed] = [
        ("llama3.2", "Llama 3.2", 128_000, 4096),
        ("llama3.1", "Llama 3.1", 128_000, 4096),
        ("llama3", "Llama 3", 8_000, 4096),
        ("mistral", "Mistral (Ollama)", 32_000, 4096),
        ("mixtral", "Mixtral (Ollama)", 32_000, 4096),
        ("codellama", "Code Llama", 16_000, 4096),
        ("phi3", "Phi-3", 4_000, 2048),
        ("gemma2", "Gemma 2", 8_000, 4096),
        ("qwen2.5", "Qwen 2.5", 32_000, 4096),
    ].map { seed(provider: "ollama", $0) }

    private static let qwen = ModelSeed(
        id: "local-qwen3-0.6b-q4_0", providerID: "local", apiName: "Qwen3-0.6B-Q4_0", name: "Qwen3 0.6B (Q4_0)",
        contextWindow: 32_768, maxOutputTokens: 8192, hfRepo: qwenRepo, modelFile: qwenFile)

    private static func seed(provider: String, _ row: (String, String, Int, Int)) -> ModelSeed {
        ModelSeed(
            id: "\(provider)-\(row.0)", providerID: provider, apiName: row.0, name: row.1,
            contextWindow: row.2, maxOutputTokens: row.3)
    }
}
