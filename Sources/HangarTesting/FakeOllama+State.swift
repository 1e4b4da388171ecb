import Foundation
import Synchronization

/// The fake Ollama server's models, running models, pulls and controls: one lock for all, so
/// the routes and the test see one consistent server.
final class OllamaServerState: Sendable {
    let catalog: FakeOllamaCatalog
    let version: String
    private let state = Mutex(State())

    struct State {
        var installed: [String: Installed] = [:]
        var loaded: [String: Loaded] = [:]
        var pullBehaviour = FakeOllamaPullBehaviour()
        var pullPermits = 0
        var permitWaiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var pulls: [FakeOllamaPullRecord] = []
        var unloadLag: FakeOllamaUnloadLag?
        var softUnloadsToIgnore = 0
        var responseDelay: Duration?
        /// Ollama writes local times; this fake's "local" zone, in seconds east of UTC.
        var utcOffsetSeconds = 3600
        /// Requests by `METHOD /path`, for tests that wait for a poll instead of sleeping.
        var requestCounts: [String: Int] = [:]
        var nextID = 0
        var waiters: [Waiter] = []
    }

    struct Installed {
        var name: String
        var model: FakeOllamaModel
        var modifiedAt: Date
    }

    struct Loaded {
        var name: String
        var model: FakeOllamaModel
        var expiresAt: Date
        var contextLength: Int
        /// Set once an unload was accepted but the model is still listed (the configured lag).
        var unloading: Unloading?
    }

    enum Unloading {
        case polls(Int)
        case until(ContinuousClock.Instant)
    }

    struct Waiter {
        let isReady: @Sendable (State) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    init(catalog: FakeOllamaCatalog, version: String) {
        self.catalog = catalog
        self.version = version
    }

    func read<T: Sendable>(_ body: (State) -> T) -> T {
        state.withLock { body($0) }
    }

    /// Applies `change` and wakes the waiters it satisfies.
    @discardableResult
    func update<T: Sendable>(_ change: (inout State) -> T) -> T {
        let (result, ready) = state.withLock { state in
            let result = change(&state)
            let snapshot = state
            var ready: [Waiter] = []
            state.waiters.removeAll { waiter in
                guard waiter.isReady(snapshot) else { return false }
                ready.append(waiter)
                return true
            }
            return (result, ready)
        }
        for waiter in ready { waiter.continuation.resume() }
        return result
    }

    func wait(until isReady: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if isReady(state) { return true }
                state.waiters.append(Waiter(isReady: isReady, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: Pull gate

    /// Lets `count` more gated pull lines through.
    func releasePullLines(_ count: Int) {
        let woken: [CheckedContinuation<Bool, Never>] = state.withLock { state in
            state.pullPermits += count
            var woken: [CheckedContinuation<Bool, Never>] = []
            while state.pullPermits > 0, !state.permitWaiters.isEmpty {
                state.pullPermits -= 1
                woken.append(state.permitWaiters.removeFirst().continuation)
            }
            return woken
        }
        for continuation in woken { continuation.resume(returning: true) }
    }

    /// Waits for a released line; false when the waiting task is cancelled (the client left).
    func acquirePullPermit() async -> Bool {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let granted: Bool? = state.withLock { state in
                    // Checked under the lock that the cancellation handler also takes: either it
                    // already ran (and this sees the cancellation) or it will find the waiter.
                    if Task.isCancelled { return false }
                    if state.pullPermits > 0 {
                        state.pullPermits -= 1
                        return true
                    }
                    state.permitWaiters.append((id, continuation))
                    return nil
                }
                if let granted { continuation.resume(returning: granted) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                guard let index = state.permitWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.permitWaiters.remove(at: index).continuation
            }
            waiter?.resume(returning: false)
        }
    }

    // MARK: Models

    /// The installed model `name` refers to (any case, tag defaulting to `latest`).
    static func installed(_ name: FakeOllamaName, in state: State) -> Installed? {
        state.installed[name.key]
    }

    func install(_ model: FakeOllamaModel, as name: String, modifiedAt: Date) {
        let display = FakeOllamaName(name)?.display ?? name
        update { state in
            state.installed[FakeOllamaCatalog.key(display)] = Installed(
                name: display, model: model.named(display), modifiedAt: modifiedAt)
        }
    }

    /// Whether a blob is already on the fake's disk (part of an installed model): Ollama then
    /// reports it complete at once instead of downloading it.
    static func hasBlob(_ digest: String, in state: State) -> Bool {
        state.installed.values.contains { installed in
            installed.model.manifest.config.digest == digest
                || installed.model.manifest.layers.contains { $0.digest == digest }
        }
    }
}
