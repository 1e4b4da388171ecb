import Synchronization

/// A fake's state behind one lock, so its routes and the test see one consistent server, and
/// so a test can await a condition on it instead of polling or sleeping: every change wakes the
/// waits it satisfies.
final class WatchedState<State: Sendable>: Sendable {
    private struct Waiter {
        let isReady: @Sendable (State) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct Box {
        var value: State
        var waiters: [Waiter] = []
    }

    private let box: Mutex<Box>

    init(_ value: State) {
        box = Mutex(Box(value: value))
    }

    func read<T>(_ body: (State) -> T) -> T {
        box.withLock { body($0.value) }
    }

    /// Applies `change` and wakes the waits it satisfies.
    @discardableResult
    func update<T>(_ change: (inout State) -> T) -> T {
        let (result, ready) = box.withLock { box in
            let result = change(&box.value)
            let snapshot = box.value
            var ready: [CheckedContinuation<Void, Never>] = []
            box.waiters.removeAll { waiter in
                guard waiter.isReady(snapshot) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return (result, ready)
        }
        for continuation in ready { continuation.resume() }
        return result
    }

    /// Returns once the state satisfies `isReady` (at once when it already does).
    func wait(until isReady: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { continuation in
            let ready = box.withLock { box in
                if isReady(box.value) { return true }
                box.waiters.append(Waiter(isReady: isReady, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
