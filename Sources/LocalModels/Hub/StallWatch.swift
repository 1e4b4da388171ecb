import Synchronization

/// When the last byte arrived, shared between the task reading a body and the one watching it.
final class ActivityMark: Sendable {
    private let last = Mutex(ContinuousClock.now)

    func touch() { last.withLock { $0 = .now } }
    var lastActivity: ContinuousClock.Instant { last.withLock { $0 } }
}

struct StallDetected: Error {}

/// Runs `operation` and cancels it once `activity` has not moved for `timeout`, throwing
/// `StallDetected`. A read timeout on the connection would not do: it cannot tell a slow but
/// steady body from a silent one across the chunks the HTTP client buffers.
func withStallWatch<T: Sendable>(
    timeout: Duration, activity: ActivityMark, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            while true {
                let last = activity.lastActivity
                try await Task.sleep(until: last + timeout, clock: .continuous)
                if activity.lastActivity == last { throw StallDetected() }
            }
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw StallDetected() }
        return value
    }
}
