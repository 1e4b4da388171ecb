import Foundation
import Upstream

extension CompletionCall {
    /// Upstream text is cut to this length in messages: enough for any provider's explanation.
    static let quotedLength = 300

    /// No HTTP answer: the network, TLS or the redirect rules stopped the call.
    func failure(_ error: UpstreamError, timeout: Duration) -> CompletionFailure {
        let kind: CompletionFailure.Kind =
            switch error {
            case .dns, .refused: .unreachable
            case .timeout, .cancelled: .timeout
            case .tls, .insecureRedirect: .tls
            case .tooManyRedirects, .invalidURL, .bodyTooLarge, .connection: .invalidResponse
            }
        return make(kind, error.sentence(place: place, timeout: timeout, secret: secret))
    }

    /// An answer other than 2xx.
    func failure(_ response: UpstreamResponse) -> CompletionFailure {
        let status = response.status
        let said = upstreamSaid(response)
        switch status {
        case 401:
            return make(.unauthorized, "\(place) rejected the credentials (HTTP 401). \(unauthorizedAdvice)\(said)", status: status)
        case 403:
            return make(
                .forbidden,
                "\(place) refused access to \(subject) (HTTP 403). Check the key's permissions and any project, region or network restriction on it.\(said)",
                status: status)
        case 404:
            return make(.notFound, "\(place) has no \(subject) (HTTP 404). \(notFoundAdvice)\(said)", status: status)
        case 408:
            return make(
                .timeout,
                "\(place) gave up waiting for the request (HTTP 408). Try again; if it keeps happening, check any proxy between Hangar and the server.\(said)",
                status: status)
        case 429:
            let wait = RetryAfter.wait(in: response.headers)
            let when = wait.map { "try again in \($0.secondsText)" } ?? "try again in a moment"
            return make(
                .rateLimited, "\(place) is rate limiting these requests (HTTP 429); \(when).\(said)", status: status, retryAfter: wait)
        case 400...499:
            return make(
                .badRequest,
                "\(place) refused the request (HTTP \(status)). Check that \(subject) is a chat model and accepts a short prompt with max_tokens.\(said)",
                status: status)
        case 500...599:
            let wait = status == 503 ? RetryAfter.wait(in: response.headers) : nil
            return make(
                .upstreamError, "\(place) had a server error (HTTP \(status)). The problem is on its side: try again later.\(said)",
                status: status, retryAfter: wait)
        default:
            return make(
                .invalidResponse,
                "\(place) answered HTTP \(status), which a chat completion never gets. Check that the base URL points at \(api).\(said)",
                status: status)
        }
    }

    /// A 2xx answer that is not a completion. Some servers and proxies put an error in a 200.
    func unreadable(_ response: UpstreamResponse, reason: String) -> CompletionFailure {
        if let error = UpstreamErrorBody(response.body), error.message != nil {
            return make(
                .upstreamError, "\(place) answered with an error instead of a completion.\(upstreamSaid(response))", status: response.status
            )
        }
        return make(
            .invalidResponse,
            "The answer from \(place) is not a chat completion as \(api) sends it (\(reason)). Check that the base URL points at \(api).",
            status: response.status)
    }

    /// Who answered, by name and address, to start a sentence.
    var place: String { "\(provider) at \(endpoint.origin)" }

    /// What was asked for, as "model \"x\"" or "deployment \"x\"".
    private var subject: String {
        family == .azure ? "deployment \"\(model)\"" : "model \"\(model)\""
    }

    private var notFoundAdvice: String {
        switch family {
        case .openAI:
            "Check the model's API name against the models this connection lists, and that the base URL is the API root (with or without /v1)."
        case .azure:
            "Check the deployment name (the name given in Azure AI Foundry, not the model's), the resource endpoint, and the API version (\(apiVersion))."
        case .ollama:
            "Pull the model on that server first, or check its name; a 404 without a message means the base URL is not the Ollama API."
        }
    }

    private var unauthorizedAdvice: String {
        providerAPI.unauthorizedAdvice(hasKey: secret != nil)
    }

    /// The upstream's own words, redacted, as a sentence to append: the message of a JSON error
    /// body (and its code), or a short plain-text body such as a router's "404 page not found".
    private func upstreamSaid(_ response: UpstreamResponse) -> String {
        var text: String
        if let error = UpstreamErrorBody(response.body), let message = error.message {
            text = message
            if let code = error.code, !message.contains(code) { text += " (\(code))" }
        } else if response.headers["content-type"]?.lowercased().hasPrefix("text/plain") == true {
            text = String(decoding: response.body.prefix(Self.quotedLength * 4), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            return ""
        }
        return text.isEmpty ? "" : " The server said: \"\(quoted(text))\""
    }

    private func quoted(_ text: String) -> String {
        Redaction.clean(text, secret: secret, maxLength: Self.quotedLength)
    }

    /// Every message passes here, so the key cannot slip into one from any of its parts.
    private func make(
        _ kind: CompletionFailure.Kind, _ message: String, status: Int? = nil, retryAfter: Duration? = nil
    ) -> CompletionFailure {
        var message = message
        if let secret { message = message.replacingOccurrences(of: secret, with: Redaction.placeholder) }
        return CompletionFailure(kind: kind, message: message, status: status, retryAfter: retryAfter)
    }
}
