import Synchronization

public struct GaveUp: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
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

/// `giveUp` with a test's usual guard: a bound against hangs, not a measure of speed.
@discardableResult
public func within<T: Sendable>(
    _ limit: Duration = .seconds(15), _ what: String = "operation", _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await giveUp(after: limit, what, body)
}

/// Polls a cheap in-memory condition, for state that has no signal of its own to await.
public func eventually(_ what: String, timeout: Duration = .seconds(10), _ condition: @escaping @Sendable () -> Bool) async throws {
    try await within(timeout, what) {
        while !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }
}
