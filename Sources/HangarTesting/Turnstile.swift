import Synchronization

/// Holds a fake's answers until the test lets them through, a given number at a time or all at
/// once: how a test keeps a pull line or a completion "in flight" for as long as it needs.
final class Turnstile: Sendable {
    private struct State {
        var holding: Bool
        /// Passes granted before anyone waited for them: the next arrivals go through at once.
        var permits = 0
        var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextID = 0
    }

    private let state: Mutex<State>

    init(holding: Bool) {
        state = Mutex(State(holding: holding))
    }

    /// From now on, arrivals wait until released.
    func hold() {
        state.withLock { $0.holding = true }
    }

    /// Stops holding: everyone waiting goes, and later arrivals do not wait.
    func releaseAll() {
        let woken = state.withLock { state in
            state.holding = false
            state.permits = 0
            defer { state.waiting.removeAll() }
            return state.waiting.map(\.continuation)
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// Lets `count` through, the oldest first; a pass nobody waits for yet goes to the next
    /// arrival.
    func release(_ count: Int) {
        let woken = state.withLock { state in
            state.permits += count
            var woken: [CheckedContinuation<Bool, Never>] = []
            while state.permits > 0, !state.waiting.isEmpty {
                state.permits -= 1
                woken.append(state.waiting.removeFirst().continuation)
            }
            return woken
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// True once let through (at once when not holding); false when the waiting task is
    /// cancelled, as when the client leaves or the server stops.
    func pass() async -> Bool {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let passed: Bool? = state.withLock { state in
                    // Checked under the lock the cancellation handler takes too: either it ran
                    // already and this sees it, or it will find this waiter to resume.
                    if Task.isCancelled { return false }
                    guard state.holding else { return true }
                    if state.permits > 0 {
                        state.permits -= 1
                        return true
                    }
                    state.waiting.append((id, continuation))
                    return nil
                }
                if let passed { continuation.resume(returning: passed) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index).continuation
            }
            waiter?.resume(returning: false)
        }
    }
}
