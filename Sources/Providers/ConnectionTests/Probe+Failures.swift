import Foundation
import Upstream

extension Probe {
    /// A call that got no HTTP answer: the network, TLS, or the redirect rules stopped it.
    func failure(_ error: UpstreamError, call: Call, stage: ConnectionStage) -> ConnectionFailure {
        let place = Endpoint(call.request.url)?.origin ?? "the server"
        let (code, message): (ConnectionErrorCode, String) =
            switch error {
            case .dns(let host):
                (
                    .dns,
                    "The host name \"\(host)\" could not be resolved. Check the base URL for typos and that this server's DNS can resolve the name."
                )
            case .refused(let host):
                (.refused, "The server at \(host) refused the connection; is it running and is the port right?")
            case .timeout:
                (
                    .timeout,
                    "No answer from \(place) within \(timeout.secondsText). Check that the server is up and reachable from Hangar (firewall, proxy), then try again."
                )
            case .cancelled:
                (.timeout, "The test was stopped before \(place) answered.")
            case .tls(let detail):
                (
                    .tls,
                    "The secure connection to \(place) failed: \(Redaction.clean(detail, secret: secret)). If the server speaks plain HTTP, use http:// in the base URL; otherwise check its certificate (a private certificate authority goes in HANGAR_CA_BUNDLE)."
                )
            case .insecureRedirect(let from, let to):
                (
                    .tls,
                    "\(from) redirected to the insecure \(to). Hangar does not follow https to http redirects, so the key is never sent in clear; use the final https address as the base URL."
                )
            case .tooManyRedirects:
                (.badResponse, "\(place) redirected more than 5 times. Set the base URL to the address the redirects end at.")
            case .invalidURL(let target):
                (
                    .badResponse,
                    "\(place) redirected to \(target), which Hangar cannot follow. Set the base URL to the server's real API address."
                )
            case .bodyTooLarge(let limit):
                (
                    .badResponse,
                    "The answer to \(call.purpose) from \(place) is larger than \(limit / 1024) KiB; check that the base URL points at \(api)."
                )
            case .connection(let detail):
                (
                    .badResponse,
                    "The connection to \(place) broke before a full answer arrived (\(Redaction.clean(detail, secret: secret))). Check the base URL and any proxy between Hangar and the server."
                )
            }
        return ConnectionFailure(stage: stage, code: code, message: message)
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

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
