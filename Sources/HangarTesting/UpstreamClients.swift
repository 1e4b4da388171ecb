import Upstream

/// An upstream client of its own, for a test that needs other limits or trust than the shared
/// one; shut down when `body` is done with it, whether it threw or not.
public func withClient<T>(
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
