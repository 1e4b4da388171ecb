import Foundation
import HangarCore
import Upstream

/// The calls the gateway relays, as OpenAI names their paths.
public enum RelayOperation: String, Sendable {
    case chatCompletions = "chat/completions"
    case embeddings

    var pathSegments: [String] { rawValue.split(separator: "/").map(String.init) }
}

/// Where a relayed call goes: the upstream request for an OpenAI-shaped body on a connection,
/// in the connection kind's own terms (URL, credentials, API version).
public struct RelayTarget: Sendable {
    public let kind: ProviderKind
    /// The name of the connection's API, for messages ("OpenAI at https://…").
    public let place: String
    /// Whether the upstream honours `stream_options.include_usage`.
    public let takesStreamUsageOption: Bool
    let base: Endpoint
    private(set) var model: String
    let apiVersion: String
    let secret: String?
    let providerAPI: any ProviderAPI

    /// Nil when the kind serves nothing (local files) or the base URL is missing or invalid.
    public init?(_ target: CompletionTarget) {
        guard let api = target.kind.api else { return nil }
        let given = target.baseURL.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let base = (given ?? api.defaultBaseURL).flatMap(Endpoint.init) else { return nil }
        self.base = base
        model = target.model
        apiVersion = target.apiVersion.flatMap { $0.isEmpty ? nil : $0 } ?? ProviderKind.defaultAzureAPIVersion
        kind = target.kind
        place = "\(api.name.capitalizedFirst) at \(base.origin)"
        takesStreamUsageOption = api.takesStreamUsageOption
        secret = target.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        providerAPI = api
    }

    /// The same connection for another of its models (Azure names the deployment in the path);
    /// cheaper than building the target again, which parses the base URL.
    public func serving(_ model: String) -> RelayTarget {
        var target = self
        target.model = model
        return target
    }

    /// The request carrying `body` (already in the upstream's terms) to the upstream.
    public func request(_ operation: RelayOperation, body: [UInt8], stream: Bool) -> UpstreamRequest {
        var headers: UpstreamHeaders = [
            "Content-Type": "application/json", "Accept": stream ? "text/event-stream" : "application/json",
        ]
        providerAPI.authorize(&headers, key: secret)
        let url = providerAPI.relayURL(operation, at: base, model: model, apiVersion: apiVersion)
        return UpstreamRequest(method: .post, url: url, headers: headers, body: body)
    }

    /// Upstream text fit for a client: short, and never holding the connection's key.
    public func redacted(_ text: String, maxLength: Int = 300) -> String {
        Redaction.clean(text, secret: secret, maxLength: maxLength)
    }

    /// A failure sentence that never holds the connection's key.
    public func sentence(_ error: UpstreamError, timeout: Duration) -> String {
        error.sentence(place: place, timeout: timeout, secret: secret)
    }
}
