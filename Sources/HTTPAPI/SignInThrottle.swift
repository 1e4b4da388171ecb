import HangarCore
import Synchronization

/// Counts wrong admin tokens per client address over a sliding minute. After `limit`
/// failures the address is refused until the oldest of them leaves the window, whatever it
/// sends: a right token then would confirm a guess at full speed.
///
/// Kept in memory per process: a replica that restarts forgets, which costs an attacker at
/// most one more window.
final class SignInThrottle: Sendable {
    let limit: Int
    let window: Duration
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])
    /// Bounds the memory a flood of addresses can take; the oldest entries go first.
    static let maxAddresses = 10_000

    init(limit: Int = 10, window: Duration = .seconds(60)) {
        self.limit = limit
        self.window = window
    }

    /// Seconds the address must wait, or nil when it may try.
    func retryAfter(_ address: String, now: ContinuousClock.Instant = .now) -> Int? {
        let window = self.window
        let limit = self.limit
        let wait: Duration? = failures.withLock { table in
            guard var times = table[address] else { return nil }
            times.removeAll { now - $0 >= window }
            table[address] = times.isEmpty ? nil : times
            guard times.count >= limit, let oldest = times.first else { return nil }
            return window - (now - oldest)
        }
        guard let wait else { return nil }
        HangarMetrics.signInsThrottled.increment()
        return max(1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
    }

    func recordFailure(_ address: String, now: ContinuousClock.Instant = .now) {
        HangarMetrics.signInFailures.increment()
        let window = self.window
        failures.withLock { table in
            if table[address] == nil, table.count >= Self.maxAddresses {
                // Forget whoever failed longest ago.
                if let stalest = table.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
                    table[stalest] = nil
                }
            }
            var times = table[address, default: []]
            times.removeAll { now - $0 >= window }
            times.append(now)
            table[address] = times
        }
    }

    static func tooManyAttempts(retryAfter seconds: Int) -> HangarError {
        HangarError(
            .rateLimited, code: .tooManyAttempts,
            message:
                "Too many wrong admin tokens from this address; wait \(seconds) s, then try again with the token from the data directory's admin-token file or HANGAR_ADMIN_TOKEN.",
            retryAfterSeconds: seconds)
    }
}
