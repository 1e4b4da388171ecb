import HangarCore

/// A completion's failure as the API reports it: the upstream's own words (never a secret) and
/// what the admin can do about it.
enum CompletionErrors {
    static func hangarError(_ failure: CompletionFailure, provider: Provider) -> HangarError {
        let said = failure.message
        switch failure.kind {
        case .unreachable:
            return HangarError(.upstream, code: .upstreamUnreachable, message: said)
        case .timeout:
            return HangarError(.upstreamTimeout, code: .upstreamTimeout, message: said)
        case .tls:
            return HangarError(.upstream, code: .upstreamTls, message: said)
        case .unauthorized, .forbidden:
            return HangarError(.conflict, code: .upstreamUnauthorized, message: said)
        case .notFound:
            return HangarError(.conflict, code: .upstreamModelNotFound, message: said)
        case .rateLimited:
            return rateLimited(failure, provider: provider, attempts: 1)
        case .badRequest:
            return HangarError(.upstream, code: .upstreamRejected, message: said)
        case .upstreamError:
            return HangarError(.upstream, code: .upstreamError, message: said)
        case .invalidResponse:
            return HangarError(.upstream, code: .upstreamInvalidResponse, message: said)
        case .notConfigured:
            return HangarError(.conflict, code: .providerNotConfigured, message: said)
        case .notSupported:
            return HangarError(.conflict, code: .modelNotTestable, message: said)
        }
    }

    static func rateLimited(_ failure: CompletionFailure, provider: Provider, attempts: Int) -> HangarError {
        let tries = attempts == 1 ? "once" : "\(attempts) times"
        let wait = failure.retryAfter.map { " It asked to wait \(max(1, $0.components.seconds)) s more." } ?? ""
        return HangarError(
            .rateLimited, code: .rateLimited,
            message:
                "'\(provider.name)' is rate limiting Hangar (asked \(tries)).\(wait) Try again later, or lower this connection's rpm_limit."
        )
    }
}
