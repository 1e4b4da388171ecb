import Foundation

/// How hard a download tries and how patient it is. Tests shrink every duration.
public struct DownloadPolicy: Sendable {
    /// Total tries for failures worth retrying (network errors, 408, 429, 5xx, stalls).
    public var maxAttempts: Int
    /// The wait before the second try; it doubles per try up to `maxBackoff`, with jitter.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// A `Retry-After` longer than this fails the download instead of holding a worker.
    public var maxRetryAfter: Duration
    /// Silence on an open transfer for this long aborts the try as stalled.
    public var stallTimeout: Duration
    /// Bounds reaching the server. An HTTP client cannot take a connect timeout per request, so
    /// it is applied as a deadline of `connectTimeout + stallTimeout` for each answer's head.
    public var connectTimeout: Duration
    /// Progress is reported at most this often, plus once at the start and once at the end.
    public var progressInterval: Duration

    public init(
        maxAttempts: Int = 6, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120), stallTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10), progressInterval: Duration = .milliseconds(500)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.stallTimeout = stallTimeout
        self.connectTimeout = connectTimeout
        self.progressInterval = progressInterval
    }

    public static let standard = DownloadPolicy()

    /// The wait after failed try number `attempt` (1-based). "Equal jitter": half the delay is
    /// fixed, half random, so many clients failing together do not come back together.
    func backoff(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let doublings = min(max(attempt - 1, 0), 30)
        var delay = initialBackoff * (1 << doublings)
        if delay > maxBackoff || delay < .zero { delay = maxBackoff }
        return delay / 2 + delay * (random / 2)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
