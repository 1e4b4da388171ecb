import Foundation
import HangarCore
import Upstream

/// One completion, prepared: the upstream request in the target's wire format, and what its
/// failures need to say (who answered, for which model, which key to keep out of messages).
struct CompletionCall: Sendable {
    enum Family: Sendable {
        /// `POST /v1/chat/completions`, Bearer key: Mistral, OpenAI and compatible servers.
        case openAI
        /// `POST /openai/deployments/{deployment}/chat/completions?api-version=…`, `api-key`.
        case azure
        /// `POST /api/chat`, a Bearer key only for a proxy in front of Ollama.
        case ollama
    }

    let kind: ProviderKind
    let family: Family
    let model: String
    let secret: String?
    let apiVersion: String
    let endpoint: Endpoint
    let upstream: UpstreamRequest

    init(_ request: CompletionRequest, on target: CompletionTarget) throws(CompletionFailure) {
        kind = target.kind
        model = target.model
        secret = target.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        apiVersion = target.apiVersion.flatMap { $0.isEmpty ? nil : $0 } ?? CompletionTarget.defaultAzureAPIVersion
        switch target.kind {
        case .mistral, .openai, .openAICompatible: family = .openAI
        case .azureOpenAI: family = .azure
        case .ollama: family = .ollama
        case .local:
            throw CompletionFailure(
                kind: .notSupported,
                message:
                    "Local models are files on this machine that no connection serves, so Hangar cannot send them a prompt; choose a hosted or Ollama model."
            )
        }
        endpoint = try Self.endpoint(of: target)
        guard !target.model.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CompletionFailure(
                kind: .notConfigured,
                message: target.kind == .azureOpenAI
                    ? "This model has no deployment name; set it to the name of its deployment in Azure AI Foundry."
                    : "This model has no API name; set it to the name the provider lists for it.")
        }
        upstream = Self.upstreamRequest(
            request, family: family, endpoint: endpoint, model: target.model, secret: secret, apiVersion: apiVersion)
    }

    private static func endpoint(of target: CompletionTarget) throws(CompletionFailure) -> Endpoint {
        let given = target.baseURL.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let base = given ?? defaultBaseURL(of: target.kind) else {
            throw CompletionFailure(
                kind: .notConfigured,
                message: "Set the base URL of this connection first (such as \(baseURLExample(of: target.kind))).")
        }
        guard let endpoint = Endpoint(base) else {
            throw CompletionFailure(
                kind: .notConfigured,
                message:
                    "The base URL of this connection is not a valid http(s) address; set it to something like \(baseURLExample(of: target.kind))."
            )
        }
        return endpoint
    }

    private static func upstreamRequest(
        _ request: CompletionRequest, family: Family, endpoint: Endpoint, model: String, secret: String?, apiVersion: String
    ) -> UpstreamRequest {
        var headers: UpstreamHeaders = ["Accept": "application/json", "Content-Type": "application/json"]
        let url: String
        let body: [UInt8]
        switch family {
        case .openAI:
            url = endpoint.trimming(pathSuffix: "/v1").url(["v1", "chat", "completions"])
            body = WireBody.chat(request, model: model)
            if let secret { headers.add(name: "Authorization", value: "Bearer \(secret)") }
        case .azure:
            url = endpoint.trimming(pathSuffix: "/openai").url(
                ["openai", "deployments", model, "chat", "completions"],
                query: [URLQueryItem(name: "api-version", value: apiVersion)])
            body = WireBody.chat(request, model: nil)
            if let secret { headers.add(name: "api-key", value: secret) }
        case .ollama:
            url = endpoint.url(["api", "chat"])
            body = WireBody.ollamaChat(request, model: model)
            if let secret { headers.add(name: "Authorization", value: "Bearer \(secret)") }
        }
        return UpstreamRequest(method: .post, url: url, headers: headers, body: body)
    }

    static func defaultBaseURL(of kind: ProviderKind) -> String? {
        switch kind {
        case .mistral: "https://api.mistral.ai"
        case .openai: "https://api.openai.com"
        default: nil
        }
    }

    static func baseURLExample(of kind: ProviderKind) -> String {
        switch kind {
        case .azureOpenAI: "https://<resource>.openai.azure.com"
        case .ollama: "http://localhost:11434"
        default: "http://localhost:8000/v1"
        }
    }

    /// How messages name who answered.
    var provider: String {
        switch kind {
        case .mistral: "Mistral"
        case .openai: "OpenAI"
        case .azureOpenAI: "Azure OpenAI"
        case .ollama: "The Ollama server"
        case .openAICompatible, .local: "The server"
        }
    }

    /// How messages name the API the base URL should point at.
    var api: String {
        switch kind {
        case .mistral: "the Mistral API"
        case .openai: "the OpenAI API"
        case .azureOpenAI: "the Azure OpenAI API"
        case .ollama: "the Ollama API"
        case .openAICompatible, .local: "an OpenAI-compatible API"
        }
    }
}
