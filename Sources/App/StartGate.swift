import ServiceLifecycle
import Synchronization

/// Holds back services that need the prepared database (migrated, seeded, audited) until the
/// application's `beforeServerStarts` work is done; ServiceLifecycle starts every service at once.
final class StartGate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// True once the gate opens; false when the waiting task is cancelled first.
    func wait() async -> Bool {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool? in
                    if state.isOpen { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
    }

    /// `service`, started only once the gate opens; it ends at once if the app stops first.
    func guarding(_ service: any Service) -> any Service { GatedService(gate: self, inner: service) }
}

private struct GatedService: Service {
    let gate: StartGate
    let inner: any Service

    func run() async throws {
        let opened = await cancelWhenGracefulShutdown { await gate.wait() }
        guard opened else { return }
        try await inner.run()
    }
}
