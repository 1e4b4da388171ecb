/// How a call answered with 429 is tried again: the upstream's `Retry-After` when it gives one,
/// else exponential backoff from `baseDelay`, and never more than `maxTotalWait` of waiting in
/// all (limits included), after which the caller reports `rate_limited`.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxTotalWait: Duration

    public init(maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(16), maxTotalWait: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalWait = maxTotalWait
    }

    public static let standard = RetryPolicy()

    /// The pause before attempt `attempt + 1`, or nil when `attempt` was the last one allowed.
    public func delay(after attempt: Int, retryAfter: Duration?) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter { return max(retryAfter, .zero) }
        let exponent = min(attempt - 1, 16)
        return min(baseDelay * (1 << exponent), maxDelay)
    }
}
