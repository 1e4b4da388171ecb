import HangarCore
import Upstream

/// Turns what went wrong talking to an Ollama server into the errors the API returns. Every
/// message names the server by its redacted URL and says what to do next; none carries a key.
enum OllamaFailure {
    static func transport(_ error: UpstreamError, server: String, timeout: Duration) -> any Error {
        if case .cancelled = error { return CancellationError() }
        let (kind, code): (HangarError.Kind, ErrorCode) =
            switch error {
            case .cancelled, .timeout: (.upstreamTimeout, .upstreamTimeout)
            case .bodyTooLarge: (.upstream, .upstreamInvalidResponse)
            case .dns, .refused, .tls, .invalidURL, .connection: (.upstream, .upstreamUnreachable)
            case .tooManyRedirects, .insecureRedirect: (.upstream, .upstreamError)
            }
        return HangarError(kind, code: code, message: error.sentence(place: "the Ollama server at \(server)", timeout: timeout))
    }

    /// An answer other than 2xx: Ollama's `{"error": …}` text when there is one.
    static func status(_ status: Int, body: [UInt8], server: String, subject: String?) -> HangarError {
        let said = message(in: body)
        switch status {
        case 404:
            let what = subject.map { "'\($0)'" } ?? "The model"
            return HangarError(
                .notFound, code: .ollamaModelNotFound,
                message:
                    "\(what) is not on the Ollama server at \(server)\(said.map { " (\($0))" } ?? ""). List its models, or pull it first.")
        case 400, 422:
            return HangarError(
                .badRequest, code: .ollamaBadRequest,
                message: "The Ollama server at \(server) refused the request: \(said ?? "bad request").")
        case 401, 403:
            return HangarError(
                .conflict, code: .upstreamUnauthorized,
                message:
                    "The Ollama server at \(server) (or a proxy in front of it) refused Hangar's credentials (HTTP \(status)). Set the connection's API key."
            )
        case 429:
            return HangarError(
                .rateLimited, code: .rateLimited,
                message: "The Ollama server at \(server) asks to slow down (HTTP 429); retry in a moment.")
        default:
            return HangarError(
                .upstream, code: .upstreamError,
                message: "The Ollama server at \(server) answered HTTP \(status)\(said.map { ": \($0)" } ?? ""). Check its log.")
        }
    }

    static func invalidResponse(server: String, what: String) -> HangarError {
        HangarError(
            .upstream, code: .upstreamInvalidResponse,
            message: "The Ollama server at \(server) sent \(what) Hangar cannot read. Is the base URL really an Ollama server?")
    }

    /// Ollama's error text, cut short and stripped of control characters.
    static func message(in body: [UInt8]) -> String? {
        guard let text = try? OllamaJSON.decode(OllamaWire.ErrorBody.self, from: body).error else { return nil }
        return clean(text)
    }

    static func clean(_ text: String) -> String {
        let printable = text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        return String(String.UnicodeScalarView(printable.prefix(300)))
    }
}

extension Duration {
    /// Whole seconds, for messages.
    package var seconds: Int64 { components.seconds }
}
