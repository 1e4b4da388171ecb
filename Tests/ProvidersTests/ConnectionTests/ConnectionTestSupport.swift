import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing
import Upstream

let fixedNow = Date(timeIntervalSince1970: 1_760_000_000.123)

func runTest(_ target: ConnectionTarget, timeout: Duration = .seconds(30), client: UpstreamClient = .shared) async
    -> ConnectionTestResult
{
    await ConnectionTester(client: client, timeout: timeout, now: { fixedNow }).test(target)
}

/// Checks a failed result, and that nothing in it gives the key away.
func expectFailure(
    _ result: ConnectionTestResult, _ code: String, at stage: String, secret: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!result.success, sourceLocation: sourceLocation)
    #expect(result.errorCode == code, "\(result.errorMessage ?? "")", sourceLocation: sourceLocation)
    #expect(result.stage == stage, "\(result.errorMessage ?? "")", sourceLocation: sourceLocation)
    #expect(result.errorMessage?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(result.modelTested == nil && result.modelsFound == nil, sourceLocation: sourceLocation)
    expectNoSecret(result, secret, sourceLocation: sourceLocation)
}

/// The whole result as JSON holds neither the key nor the pieces providers echo of it.
func expectNoSecret(_ result: ConnectionTestResult, _ secret: String?, sourceLocation: SourceLocation = #_sourceLocation) {
    let json = String(decoding: (try? JSONEncoder().encode(result)) ?? Data(), as: UTF8.self)
    expectNoSecret(json, secret, sourceLocation: sourceLocation)
}

/// A failure mode of the fakes and the result it must produce on the model list.
struct FailureCase: Sendable, CustomTestStringConvertible {
    let mode: FakeUpstreamMode
    let code: String
    let stage: String
    var testDescription: String { "\(mode) → \(code) at \(stage)" }
}

/// What every API family must report when its model list fails this way.
let listingFailures: [FailureCase] = [
    FailureCase(mode: .unauthorized, code: "unauthorized", stage: "authentication"),
    FailureCase(mode: .forbidden, code: "forbidden", stage: "authentication"),
    FailureCase(mode: .notFound, code: "not_found", stage: "model_listing"),
    FailureCase(mode: .rateLimited(retryAfter: 17), code: "rate_limited", stage: "model_listing"),
    FailureCase(mode: .serverError, code: "server_error", stage: "model_listing"),
    FailureCase(mode: .malformedJSON, code: "bad_response", stage: "model_listing"),
    FailureCase(mode: .wrongShape, code: "bad_response", stage: "model_listing"),
]
