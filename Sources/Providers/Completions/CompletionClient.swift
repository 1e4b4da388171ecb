import Upstream

/// Sends one chat completion with a single user message to a model through its connection,
/// and reads the answer in full (no streaming). It never retries: whoever calls it knows the
/// rate limits and decides whether a 429 is worth another try, and when.
public struct CompletionClient: Sendable {
    let client: UpstreamClient
    let timeout: Duration

    /// `timeout` bounds the whole exchange, connecting and reading the answer included; the
    /// client's read timeout still ends a silence that lasts longer than it allows.
    public init(client: UpstreamClient = .shared, timeout: Duration = .seconds(60)) {
        self.client = client
        self.timeout = timeout
    }

    public func complete(_ request: CompletionRequest, on target: CompletionTarget) async throws(CompletionFailure)
        -> CompletionResult
    {
        let call = try CompletionCall(request, on: target)
        let started = ContinuousClock.now
        let response: UpstreamResponse
        do {
            response = try await client.send(call.upstream, timeout: timeout)
        } catch {
            throw call.failure(error, timeout: timeout)
        }
        let latency = ContinuousClock.now - started
        guard (200..<300).contains(response.status) else { throw call.failure(response) }
        do {
            var result = try WireAnswer.result(response.body, family: call.family)
            result.latency = latency
            return result
        } catch {
            throw call.unreadable(response, reason: error.reason)
        }
    }
}
