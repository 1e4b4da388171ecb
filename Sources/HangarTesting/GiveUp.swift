import Synchronization

public struct GaveUp: Error, CustomStringConvertible {
    public let description: String
}

/// Runs `operation` in a task of its own and stops waiting for it after `limit`, throwing
/// `GaveUp`. Unlike a task group or `async let`, which wait for every child before returning,
/// this returns even when the operation never does: a hang shows as a test failure instead of
/// a stalled run. A late or never-ending operation is left to itself.
public func giveUp<T: Sendable>(
    after limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let finish: @Sendable (Result<T, any Error>) -> Void = { result in
        outcome.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }?.resume(with: result)
    }
    return try await withCheckedThrowingContinuation { continuation in
        outcome.withLock { $0 = continuation }
        let work = Task {
            do { finish(.success(try await operation())) } catch { finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            finish(.failure(GaveUp(description: "\(what) did not finish within \(limit)")))
            work.cancel()
        }
    }
}
