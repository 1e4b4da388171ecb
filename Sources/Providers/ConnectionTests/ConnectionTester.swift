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
                serverVersion: findings.serverVersion, modelsFound: findings.modelsFound,
                modelIDs: ConnectionTestResult.listedIDs(findings.modelIDs), testedAt: testedAt)
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
        let setup = try setUp(target, deadline: deadline)
        return try await setup.api.probe(
            setup.probe, at: setup.endpoint, key: setup.key,
            apiVersion: target.apiVersion ?? ProviderKind.defaultAzureAPIVersion, completionModel: target.completionModel)
    }

    /// What a test and a listing both start from: the kind's API, its endpoint and the probe
    /// that redacts `target`'s key.
    func setUp(_ target: ConnectionTarget, deadline: ContinuousClock.Instant) throws(ConnectionFailure) -> ProbeSetup {
        guard let api = target.kind.api else {
            throw ConnectionFailure(
                stage: .reachability, code: .notFound,
                message: "The local provider serves files from this machine; there is no server to test.")
        }
        let endpoint = try endpoint(of: target, api: api)
        let secret = target.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        let probe = Probe(
            client: client, timeout: timeout, deadline: deadline, secret: secret, provider: api.name, api: api.apiName,
            unauthorizedAdvice: api.unauthorizedAdvice(hasKey: secret != nil), now: now)
        return ProbeSetup(api: api, endpoint: endpoint, key: secret, probe: probe)
    }

    struct ProbeSetup {
        let api: any ProviderAPI
        let endpoint: Endpoint
        let key: String?
        let probe: Probe
    }

    private func endpoint(of target: ConnectionTarget, api: any ProviderAPI) throws(ConnectionFailure) -> Endpoint {
        let base = target.baseURL.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard let base = base ?? api.defaultBaseURL else {
            throw ConnectionFailure(
                stage: .reachability, code: .notFound, message: "Set the base URL of this connection first (\(api.baseURLExample)).")
        }
        guard let endpoint = Endpoint(base) else {
            throw ConnectionFailure(
                stage: .reachability, code: .notFound,
                message: "The base URL is not a valid http(s) address; set it to something like \(api.baseURLExample).")
        }
        return endpoint
    }
}
