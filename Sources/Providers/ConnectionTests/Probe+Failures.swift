import Foundation
import Upstream

extension Probe {
    /// A call that got no HTTP answer: the network, TLS, or the redirect rules stopped it.
    func failure(_ error: UpstreamError, call: Call, stage: ConnectionStage) -> ConnectionFailure {
        let place = Endpoint(call.request.url)?.origin ?? "the server"
        let code: ConnectionErrorCode =
            switch error {
            case .dns: .dns
            case .refused: .refused
            case .timeout, .cancelled: .timeout
            case .tls, .insecureRedirect: .tls
            case .tooManyRedirects, .invalidURL, .bodyTooLarge, .connection: .badResponse
            }
        return ConnectionFailure(stage: stage, code: code, message: error.sentence(place: place, timeout: timeout, secret: secret))
    }

    /// A call answered with a status other than 2xx.
    func failure(_ response: UpstreamResponse, call: Call) -> ConnectionFailure {
        let status = response.status
        let said = upstreamSaid(response)
        switch status {
        case 401:
            return ConnectionFailure(
                stage: call.authStage, code: .unauthorized,
                message: "\(provider.capitalizedFirst) rejected the credentials (HTTP 401). \(unauthorizedAdvice)\(said)")
        case 403:
            return ConnectionFailure(
                stage: call.authStage, code: .forbidden,
                message:
                    "\(provider.capitalizedFirst) refused access to \(call.purpose) (HTTP 403). Check the key's permissions and any project, region or network restriction on it.\(said)"
            )
        case 404:
            return ConnectionFailure(
                stage: call.stage, code: .notFound,
                message: "Nothing was found for \(call.purpose) at \(response.finalURL) (HTTP 404). \(call.notFoundHint)\(said)")
        case 429:
            let wait = retryAfter(response).map { "try again in \($0) s" } ?? "try again in a moment"
            return ConnectionFailure(
                stage: call.stage, code: .rateLimited,
                message: "\(provider.capitalizedFirst) is rate limiting these requests (HTTP 429); \(wait).\(said)")
        case 500...599:
            return ConnectionFailure(
                stage: call.stage, code: .serverError,
                message:
                    "\(provider.capitalizedFirst) had a server error (HTTP \(status)). The problem is on its side: try again later.\(said)")
        default:
            return ConnectionFailure(
                stage: call.stage, code: .badResponse,
                message: "\(provider.capitalizedFirst) answered HTTP \(status) to \(call.purpose), which Hangar did not expect.\(said)")
        }
    }

    /// The upstream's own error message, redacted, as a sentence to append.
    private func upstreamSaid(_ response: UpstreamResponse) -> String {
        guard let message = UpstreamErrorBody(response.body)?.message else { return "" }
        return " The server said: \"\(Redaction.clean(message, secret: secret))\""
    }

    /// Whole seconds to wait, from `retry-after-ms` or `Retry-After` (seconds or an HTTP date).
    private func retryAfter(_ response: UpstreamResponse) -> Int? {
        RetryAfter.wait(in: response.headers, now: now()).map { Int(($0 / .seconds(1)).rounded(.up)) }
    }
}
