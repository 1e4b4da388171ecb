import HangarCore
import Synchronization

/// Keys by secret hash (an unknown secret too, as nil, so a client retrying a bad key does not
/// cost a read each time). An entry is fresh for `ttl`; for as long again it still answers
/// while one read refreshes it, so busy keys never wait for the database; past that it is gone.
/// A change on another replica is therefore seen within twice `ttl` plus one read.
final class KeyCache: Sendable {
    enum Lookup {
        case fresh(APIKey?)
        /// Still usable; the caller that gets `refresh: true` reads the key again.
        case stale(APIKey?, refresh: Bool)
        case missing
    }

    private struct Entry {
        let key: APIKey?
        let read: ContinuousClock.Instant
        var refreshing = false
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by `clear`: a read that began before it must not be kept.
        var generation = 0
    }

    private let ttl: Duration
    private let state = Mutex(State())
    /// Past this many entries the cache starts over, so random secrets cannot grow it unbounded.
    private static let capacity = 10_000

    init(ttl: Duration) {
        self.ttl = ttl
    }

    func lookup(_ hash: String, now: ContinuousClock.Instant = .now) -> Lookup {
        state.withLock { state in
            guard let entry = state.entries[hash] else { return .missing }
            let age = now - entry.read
            if age < ttl { return .fresh(entry.key) }
            guard age < ttl * 2 else { return .missing }
            let refresh = !entry.refreshing
            state.entries[hash]?.refreshing = true
            return .stale(entry.key, refresh: refresh)
        }
    }

    /// When a read begins: the time and generation `store` is then given.
    func reading() -> (at: ContinuousClock.Instant, generation: Int) {
        state.withLock { (.now, $0.generation) }
    }

    /// Remembers what a read found, unless the cache was cleared since it began.
    func store(_ key: APIKey?, for hash: String, readAt: (at: ContinuousClock.Instant, generation: Int)) {
        guard ttl > .zero else { return }
        state.withLock { state in
            guard state.generation == readAt.generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[hash] = Entry(key: key, read: readAt.at)
        }
    }

    /// A refresh that failed: the next stale lookup tries again.
    func refreshFailed(for hash: String) {
        state.withLock { state in state.entries[hash]?.refreshing = false }
    }

    func clear() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation += 1
        }
    }
}
