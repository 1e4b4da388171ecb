import Foundation
import HangarCore
import Upstream

/// Lists the models a connection serves, through the same probe as a connection test: the same
/// timeout, redirect and redaction rules, so a failure has the test's code and sentence and never
/// carries the key. Failures are thrown as `HangarError` 502 (the upstream's fault, not the request's).
public struct ModelLister: Sendable {
    let tester: ConnectionTester

    public init(client: UpstreamClient = .shared, timeout: Duration = .seconds(15), now: @escaping @Sendable () -> Date = Date.init) {
        tester = ConnectionTester(client: client, timeout: timeout, now: now)
    }

    /// `target.completionModel` is ignored: listing makes no model call.
    public func list(_ target: ConnectionTarget) async throws(HangarError) -> [ListedModel] {
        do {
            let setup = try tester.setUp(target, deadline: .now + tester.timeout)
            return try await setup.api.listModels(setup.probe, at: setup.endpoint, key: setup.key)
        } catch {
            throw Self.hangarError(error)
        }
    }

    /// The connection test's code, in the API's words for an upstream failure; the message is
    /// the test's own.
    static func hangarError(_ failure: ConnectionFailure) -> HangarError {
        let code: ErrorCode =
            switch failure.code {
            case .dns, .refused: .upstreamUnreachable
            case .timeout: .upstreamTimeout
            case .tls: .upstreamTls
            case .unauthorized, .forbidden, .secretUnreadable: .upstreamUnauthorized
            case .rateLimited: .rateLimited
            case .serverError: .upstreamError
            case .notFound, .badResponse: .upstreamInvalidResponse
            }
        return HangarError(.upstream, code: code, message: failure.message)
    }
}
