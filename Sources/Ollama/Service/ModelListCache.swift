import HangarCore
import Synchronization

/// Each server's model list for a few seconds, so a page that opens several views of a server
/// asks it once. Per process: replicas each keep their own, and the short TTL bounds how stale
/// one can be. A change made through this process (pull, delete, copy) drops the entry.
final class ModelListCache: Sendable {
    struct Entry: Sendable {
        let models: [OllamaModel]
        let fetchedAt: String
        let storedAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])

    func fresh(_ providerID: String, ttl: Duration, now: ContinuousClock.Instant = .now) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[providerID], now - entry.storedAt < ttl else { return nil }
            return entry
        }
    }

    func store(_ models: [OllamaModel], providerID: String, fetchedAt: String) {
        entries.withLock { $0[providerID] = Entry(models: models, fetchedAt: fetchedAt, storedAt: .now) }
    }

    func drop(_ providerID: String) {
        _ = entries.withLock { $0.removeValue(forKey: providerID) }
    }
}
