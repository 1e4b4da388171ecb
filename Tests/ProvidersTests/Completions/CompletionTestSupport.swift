import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing
import Upstream

/// The answer or the failure of one completion, for tests that check either.
func outcome(
    _ target: CompletionTarget, _ request: CompletionRequest = CompletionRequest(prompt: "Say hello to the tester"),
    timeout: Duration = .seconds(30), client: UpstreamClient = .shared
) async -> Result<CompletionResult, CompletionFailure> {
    do {
        return .success(try await CompletionClient(client: client, timeout: timeout).complete(request, on: target))
    } catch {
        return .failure(error)
    }
}

/// The failure of a completion that must fail, checked to be of `kind` and free of `secret`.
func expectFailure(
    _ target: CompletionTarget, _ request: CompletionRequest = CompletionRequest(prompt: "Say hello to the tester"),
    kind: CompletionFailure.Kind, status: Int? = nil, timeout: Duration = .seconds(30), secret: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) async -> CompletionFailure? {
    switch await outcome(target, request, timeout: timeout) {
    case .success(let result):
        Issue.record("expected \(kind), got \(result)", sourceLocation: sourceLocation)
        return nil
    case .failure(let failure):
        #expect(failure.kind == kind, "\(failure.message)", sourceLocation: sourceLocation)
        #expect(failure.status == status, "\(failure.message)", sourceLocation: sourceLocation)
        #expect(!failure.message.isEmpty, sourceLocation: sourceLocation)
        expectNoSecret(failure.message, secret, sourceLocation: sourceLocation)
        return failure
    }
}

/// Neither the key nor the pieces providers echo of it (its first six and last four characters).
func expectNoSecret(_ text: String, _ secret: String?, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let secret else { return }
    for piece in [secret, String(secret.prefix(6)), String(secret.suffix(4))] {
        #expect(!text.contains(piece), "\"\(piece)\" is in: \(text)", sourceLocation: sourceLocation)
    }
}

/// The request's JSON body.
func body(of request: RecordedRequest?) throws -> [String: Any] {
    try JSON.object(Data(try #require(request).body))
}

/// An IMF-fixdate `seconds` from now, as `Retry-After` may carry.
func httpDate(secondsFromNow seconds: Int) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: Date().addingTimeInterval(TimeInterval(seconds)))
}

/// A server answering every request with `response`, for upstream behaviour the fakes do not play.
func withServer<T: Sendable>(
    answering response: FakeResponse, _ body: (FakeHTTPServer) async throws -> T
) async throws -> T {
    try await FakeHTTPServer.withServer(handler: { _ in response }, body)
}
