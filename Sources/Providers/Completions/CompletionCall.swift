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
    let providerAPI: any ProviderAPI

    init(_ request: CompletionRequest, on target: CompletionTarget) throws(CompletionFailure) {
        kind = target.kind
        model = target.model
        secret = target.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        apiVersion = target.apiVersion.flatMap { $0.isEmpty ? nil : $0 } ?? ProviderKind.defaultAzureAPIVersion
        guard let api = target.kind.api else {
            throw CompletionFailure(
                kind: .notSupported,
                message:
                    "Local models are files on this machine that no connection serves, so Hangar cannot send them a prompt; choose a hosted or Ollama model."
            )
        }
        providerAPI = api
        family = api.family
        endpoint = try Self.endpoint(of: target, api: api)
        guard !target.model.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CompletionFailure(
                kind: .notConfigured,
                message: target.kind == .azureOpenAI
                    ? "This model has no deployment name; set it to the name of its deployment in Azure AI Foundry."
                    : "This model has no API name; set it to the name the provider lists for it.")
        }
        upstream = api.completionRequest(request, at: endpoint, model: target.model, key: secret, apiVersion: apiVersion)
    }

    private static func endpoint(of target: CompletionTarget, api: any ProviderAPI) throws(CompletionFailure) -> Endpoint {
        let given = target.baseURL.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let base = given ?? api.defaultBaseURL else {
            throw CompletionFailure(
                kind: .notConfigured, message: "Set the base URL of this connection first (such as \(api.baseURLExample)).")
        }
        guard let endpoint = Endpoint(base) else {
            throw CompletionFailure(
                kind: .notConfigured,
                message: "The base URL of this connection is not a valid http(s) address; set it to something like \(api.baseURLExample)."
            )
        }
        return endpoint
    }

    /// How messages name who answered, to start a sentence.
    var provider: String { providerAPI.name.capitalizedFirst }

    /// How messages name the API the base URL should point at.
    var api: String { providerAPI.apiName }
}
