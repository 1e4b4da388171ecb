import HangarTesting
import Upstream

/// The error `send` threw, or nil when it answered.
func sendError(
    _ client: UpstreamClient, _ request: UpstreamRequest, timeout: Duration = .seconds(30)
) async -> UpstreamError? {
    do {
        _ = try await client.send(request, timeout: timeout)
        return nil
    } catch {
        return error
    }
}

/// A port that nothing listens on: a fake's, after it stopped.

let secret = "Bearer sk-upstream-test-SECRET"

func echo(_ request: RecordedRequest) -> FakeResponse {
    .json(200, #"{"path":"\#(request.path)"}"#)
}
