import Foundation
import HangarCore
import Upstream

/// Tests a provider connection stage by stage (reachability → authentication → model listing
/// → optional one-token completion) within one overall timeout and without retrying, and says
/// which stage failed and what to do about it. No result field ever carries the key.
public struct ConnectionTester: Sendable {
    let client: UpstreamClient
    let timeout: Duration
    let now: @Sendable () -> Date

    public init(client: UpstreamClient = .shared, timeout: Duration = .seconds(10), now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.timeout = timeout
        self.now = now
    }

    public func test(_ target: ConnectionTarget) async -> ConnectionTestResult {
        let started = ContinuousClock.now
        let outcome: Result<ConnectionFindings, ConnectionFailure>
        do {
            outcome = .success(try await run(target, deadline: started + timeout))
        } catch {
            outcome = .failure(error)
        }
        let latency = Int((ContinuousClock.now - started).milliseconds.rounded())
        let testedAt = Timestamp.format(now())
        switch outcome {
        case .success(let findings):
            return ConnectionTestResult(
                success: true, stage: findings.stage.rawValue, latencyMS: latency, modelTested: findings.modelTested,
                serverVersion: findings.serverVersion, modelsFound: findings.modelsFound, testedAt: testedAt)
        case .failure(let failure):
            return ConnectionTestResult(
                success: false, stage: failure.stage.rawValue, latencyMS: latency, errorCode: failure.code.rawValue,
                errorMessage: failure.message, testedAt: testedAt)
        }
    }

    /// The result when the stored key cannot be decrypted: no upstream call is made.
    public static func secretUnreadable(at date: Date = Date()) -> ConnectionTestResult {
        ConnectionTestResult(
            success: false, stage: ConnectionStage.authentication.rawValue,
            errorCode: ConnectionErrorCode.secretUnreadable.rawValue,
            errorMessage:
                "Hangar could not decrypt the stored API key (the server's secret key changed or the stored value is damaged). Enter the API key of this connection again.",
            testedAt: Timestamp.format(date))
    }

    /// The result when the connection's own limits leave no room for the completion stage
    /// (Hangar's `rpm_limit`, `tpm_limit` or `max_parallel`): no upstream call is made.
    public static func heldByLimits(_ message: String, at date: Date = Date()) -> ConnectionTestResult {
        ConnectionTestResult(
            success: false, stage: ConnectionStage.completion.rawValue, errorCode: ConnectionErrorCode.rateLimited.rawValue,
            errorMessage: message, testedAt: Timestamp.format(date))
    }

    private func run(_ target: ConnectionTarget, deadline: ContinuousClock.Instant) async throws(ConnectionFailure)
        -> ConnectionFindings
    {
        let endpoint = try endpoint(of: target)
        let secret = target.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        let probe = Probe(
            client: client, timeout: timeout, deadline: deadline, secret: secret, provider: Self.name(of: target.kind),
            api: Self.apiName(of: target.kind), unauthorizedAdvice: Self.unauthorizedAdvice(of: target.kind, hasKey: secret != nil),
            now: now)
        switch target.kind {
        case .mistral, .openai, .openAICompatible:
            return try await probe.openAIStyle(endpoint, key: secret, completionModel: target.completionModel)
        case .azureOpenAI:
            return try await probe.azure(
                endpoint, key: secret, apiVersion: target.apiVersion ?? Self.defaultAzureAPIVersion,
                deployment: target.completionModel)
        case .ollama:
            return try await probe.ollama(endpoint, key: secret, completionModel: target.completionModel)
        case .local:
            throw ConnectionFailure(
                stage: .reachability, code: .notFound,
                message: "The local provider serves files from this machine; there is no server to test.")
        }
    }

    /// Azure's current GA version, used when the connection names none.
    static let defaultAzureAPIVersion = "2024-10-21"

    private func endpoint(of target: ConnectionTarget) throws(ConnectionFailure) -> Endpoint {
        let base = target.baseURL.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let base = base ?? Self.defaultBaseURL(of: target.kind) else {
            throw ConnectionFailure(
                stage: .reachability, code: .notFound,
                message: "Set the base URL of this connection first (\(Self.baseURLExample(of: target.kind))).")
        }
        guard let endpoint = Endpoint(base) else {
            throw ConnectionFailure(
                stage: .reachability, code: .notFound,
                message: "The base URL is not a valid http(s) address; set it to something like \(Self.baseURLExample(of: target.kind)).")
        }
        return endpoint
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
        default: "http://localhost:8000"
        }
    }

    static func apiName(of kind: ProviderKind) -> String {
        switch kind {
        case .mistral: "the Mistral API"
        case .openai: "the OpenAI API"
        case .azureOpenAI: "the Azure OpenAI API"
        case .ollama: "the Ollama API"
        case .openAICompatible, .local: "an OpenAI-compatible API"
        }
    }

    static func unauthorizedAdvice(of kind: ProviderKind, hasKey: Bool) -> String {
        switch kind {
        case _ where !hasKey && kind != .ollama:
            "This connection has no API key: add one."
        case .ollama:
            "Ollama has no keys of its own, so a proxy in front of it is asking: set the key that proxy expects as this connection's API key."
        case .azureOpenAI:
            "Check the API key of this connection: it must be one of the two keys of this Azure OpenAI resource."
        default:
            "Check the API key of this connection."
        }
    }

    static func name(of kind: ProviderKind) -> String {
        switch kind {
        case .mistral: "Mistral"
        case .openai: "OpenAI"
        case .azureOpenAI: "Azure OpenAI"
        case .ollama: "the Ollama server"
        case .openAICompatible, .local: "the server"
        }
    }
}
