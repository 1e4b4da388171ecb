import HangarCore
import Synchronization

/// Keys by secret hash, each remembered for `ttl` (an unknown secret too, as nil, so a client
/// retrying a bad key does not cost a read each time).
final class KeyCache: Sendable {
    private struct Entry {
        let key: APIKey?
        let expires: ContinuousClock.Instant
    }

    private let ttl: Duration
    private let entries = Mutex<[String: Entry]>([:])
    /// Past this many entries the cache starts over, so random secrets cannot grow it unbounded.
    private static let capacity = 10_000

    init(ttl: Duration) {
        self.ttl = ttl
    }

    /// `.some(nil)` means "known not to exist" until the entry lapses.
    subscript(hash: String) -> APIKey?? {
        get {
            entries.withLock { entries in
                guard let entry = entries[hash], entry.expires > .now else { return nil }
                return .some(entry.key)
            }
        }
        set {
            guard ttl > .zero, let value = newValue else { return }
            let entry = Entry(key: value, expires: .now + ttl)
            entries.withLock { entries in
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
                entries[hash] = entry
            }
        }
    }

    func clear() {
        entries.withLock { $0.removeAll() }
    }
}
