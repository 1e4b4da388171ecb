/// How something that failed is tried again: at most `maxAttempts` in all, each pause the
/// given `Retry-After` or else exponential backoff from `baseDelay`, capped at `maxDelay`.
///
/// Model calls answered with 429 use it (and stop once `maxTotalWait` of waiting is spent, limits
/// included, after which the caller reports `rate_limited`); so do background jobs whose run
/// failed unexpectedly or was abandoned (they ignore `maxTotalWait`: each pause is spent in the
/// queue, not by a waiting caller).
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxTotalWait: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(16), maxTotalWait: Duration = .seconds(30)
    ) {
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
        let exponent = min(max(attempt - 1, 0), 16)
        return min(baseDelay * (1 << exponent), maxDelay)
    }
}
