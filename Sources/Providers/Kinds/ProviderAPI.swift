import Foundation
import HangarCore
import Upstream

/// What Hangar knows of one kind of provider's API, in one file per kind: its name in messages,
/// its base URL, how a key is sent, the connection probe and the completion request. Connection
/// tests and completions both ask here, so a kind is described once.
protocol ProviderAPI: Sendable {
    /// Who answered, to start or end a sentence: "OpenAI", "the Ollama server"…
    var name: String { get }
    /// The API the base URL should point at: "the OpenAI API", "an OpenAI-compatible API"…
    var apiName: String { get }
    /// Nil when the kind has no public endpoint and the connection must give one.
    var defaultBaseURL: String? { get }
    var baseURLExample: String { get }
    /// The shape of its chat completion answer.
    var family: CompletionCall.Family { get }
    /// What to do about a 401.
    func unauthorizedAdvice(hasKey: Bool) -> String
    /// Adds the key the way this API expects it.
    func authorize(_ headers: inout UpstreamHeaders, key: String?)
    /// The staged connection test: reachability, model listing, optionally a one-token completion.
    func probe(_ probe: Probe, at base: Endpoint, key: String?, apiVersion: String, completionModel: String?)
        async throws(ConnectionFailure) -> ConnectionFindings
    /// The models this API serves, for discovery; failures as the connection test words them.
    func listModels(_ probe: Probe, at base: Endpoint, key: String?) async throws(ConnectionFailure) -> [ListedModel]
    /// One chat completion request in this API's wire format.
    func completionRequest(_ request: CompletionRequest, at base: Endpoint, model: String, key: String?, apiVersion: String)
        -> UpstreamRequest
    /// Where the gateway relays an OpenAI-shaped call: this API's own OpenAI-compatible endpoint.
    func relayURL(_ operation: RelayOperation, at base: Endpoint, model: String, apiVersion: String) -> String
    /// Whether it honours `stream_options.include_usage` (others count a stream's tokens in
    /// their last chunk unasked, or not at all).
    var takesStreamUsageOption: Bool { get }
}

extension ProviderAPI {
    func unauthorizedAdvice(hasKey: Bool) -> String {
        hasKey ? "Check the API key of this connection." : "This connection has no API key: add one."
    }

    func authorize(_ headers: inout UpstreamHeaders, key: String?) {
        if let key { headers.add(name: "Authorization", value: "Bearer \(key)") }
    }

    var takesStreamUsageOption: Bool { true }

    /// A JSON body, keys sorted so requests are byte-for-byte repeatable.
    static func json(_ object: [String: Any]) -> [UInt8]? {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init)
    }
}

extension ProviderKind {
    /// This kind's API; nil for `local`, whose files no server serves.
    var api: (any ProviderAPI)? {
        switch self {
        case .mistral: MistralAPI()
        case .openai: OpenAIAPI()
        case .azureOpenAI: AzureOpenAIAPI()
        case .ollama: OllamaServerAPI()
        case .openAICompatible: OpenAICompatibleAPI()
        case .local: nil
        }
    }
}
