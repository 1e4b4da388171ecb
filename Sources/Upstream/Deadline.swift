/// Runs `operation` and gives up at `deadline`. AsyncHTTPClient's own deadline stops waiting at
/// the response head, and its read timeout only notices silence, so a body that trickles in
/// forever needs this outer bound.
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(until: deadline, clock: .continuous)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw UpstreamError.timeout }
        return value
    }
}
