import HangarTesting
import Upstream

/// A client of its own, shut down when the test is done with it.
func withClient<T>(
    _ configuration: UpstreamClient.Configuration = .init(), _ body: (UpstreamClient) async throws -> T
) async throws -> T {
    let client = UpstreamClient(configuration: configuration)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try await client.shutdown()
        throw error
    }
}

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
