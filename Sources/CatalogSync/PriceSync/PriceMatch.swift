import HangarCore

/// Which entry of a LiteLLM price file prices a catalog model: written once, for the sync and
/// for discovery's guesses. LiteLLM keys most hosted models as `provider/name`; OpenAI's own
/// models go by their bare name. An OpenAI-compatible server may serve anything, so only an
/// entry named exactly like the model is taken (never a guess across providers, the mistake
/// LiteLLM's own lookups make).
public enum PriceMatch {
    /// The keys tried for a model, best first, each with the `litellm_provider` it must carry
    /// (nil: any).
    public static func candidates(kind: ProviderKind, apiName: String) -> [(key: String, provider: Set<String>?)] {
        switch kind {
        case .openai:
            return [(apiName, ["openai", "text-completion-openai"]), ("openai/\(apiName)", ["openai", "text-completion-openai"])]
        case .mistral:
            return [("mistral/\(apiName)", ["mistral"])]
        case .azureOpenAI:
            return [("azure/\(apiName)", ["azure", "azure_text"])]
        case .ollama:
            let bare = apiName.hasSuffix(":latest") ? String(apiName.dropLast(":latest".count)) : apiName
            return [("ollama/\(apiName)", ["ollama", "ollama_chat"]), ("ollama/\(bare)", ["ollama", "ollama_chat"])]
        case .openAICompatible:
            return [(apiName, nil)]
        case .local:
            return []
        }
    }

    /// The entry for the model and its key, if the data names it.
    public static func entry(in data: PriceData, kind: ProviderKind, apiName: String) -> (key: String, entry: PriceEntry)? {
        for candidate in candidates(kind: kind, apiName: apiName) {
            guard let entry = data.entries[candidate.key] else { continue }
            if let providers = candidate.provider, let provider = entry.provider, !providers.contains(provider) { continue }
            return (candidate.key, entry)
        }
        return nil
    }
}
