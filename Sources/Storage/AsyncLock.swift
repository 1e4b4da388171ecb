import Synchronization

/// A FIFO lock for async code, whose waiters suspend rather than block a thread: SQLite
/// allows one writer at a time, and the event bus hands events to subscribers one batch at a
/// time, in id order, around a database read. With `permits` above one it is a counting
/// semaphore (the tests bound how many PostgreSQL databases they use at once).
package final class AsyncLock: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    package init(permits: Int = 1) {
        state = Mutex(State(available: max(1, permits)))
    }

    package func withLock<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// Takes a permit, waiting in line for one. Pair with `release()`.
    package func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state -> Bool in
                guard state.available > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    /// Gives a permit back: to the longest waiter, if any.
    package func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
