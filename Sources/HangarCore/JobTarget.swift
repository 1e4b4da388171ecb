/// What a background job works on, and its one spelling as the job's `target` string, so that
/// the modules that enqueue jobs and the API fields that name the target read it the same way.
public enum JobTarget: Sendable, Hashable {
    /// A catalog model: `model:<id>` (downloads).
    case model(id: String)
    /// An Ollama connection, and for a pull the model name: `ollama:<provider>` or
    /// `ollama:<provider>:<name>` (the name may hold a `:tag`; provider ids never hold a colon).
    case ollama(providerID: String, model: String?)

    public var string: String {
        switch self {
        case .model(let id): "model:\(id)"
        case .ollama(let providerID, nil): "ollama:\(providerID)"
        case .ollama(let providerID, let model?): "ollama:\(providerID):\(model)"
        }
    }

    public init?(_ target: String) {
        if target.hasPrefix("model:") {
            let id = target.dropFirst("model:".count)
            guard !id.isEmpty else { return nil }
            self = .model(id: String(id))
        } else if target.hasPrefix("ollama:") {
            let rest = target.dropFirst("ollama:".count)
            let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let provider = parts.first, !provider.isEmpty else { return nil }
            let model = parts.count > 1 ? String(parts[1]) : nil
            if model?.isEmpty == true { return nil }
            self = .ollama(providerID: String(provider), model: model)
        } else {
            return nil
        }
    }

    public var modelID: String? {
        if case .model(let id) = self { id } else { nil }
    }

    public var providerID: String? {
        if case .ollama(let providerID, _) = self { providerID } else { nil }
    }

    public var ollamaModel: String? {
        if case .ollama(_, let model) = self { model } else { nil }
    }
}
