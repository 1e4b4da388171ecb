import HangarCore

/// A connection's limits on outbound model calls; nil means "no limit".
public struct ProviderLimits: Sendable, Hashable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var maxParallel: Int?

    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, maxParallel: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.maxParallel = maxParallel
    }

    public var isUnlimited: Bool { requestsPerMinute == nil && tokensPerMinute == nil && maxParallel == nil }
}

extension ProviderLimits {
    /// The limits a connection is configured with.
    public init(of provider: Provider) {
        self.init(requestsPerMinute: provider.rpmLimit, tokensPerMinute: provider.tpmLimit, maxParallel: provider.maxParallel)
    }
}
