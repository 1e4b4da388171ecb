extension UpstreamError {
    /// The one way an outbound call that got no usable answer is told to an admin: what
    /// happened at `place` ("OpenAI at https://api.openai.com", "the Hub at huggingface.co:443")
    /// and what to do next. Connection tests, completions, Ollama calls, registry checks and
    /// downloads all say it this way; `secret` never appears in it.
    public func sentence(place: String, timeout: Duration? = nil, secret: String? = nil) -> String {
        let text: String =
            switch self {
            case .dns(let host):
                "The host name \"\(host)\" could not be resolved. Check the address for typos and that the Hangar server's DNS can resolve the name."
            case .refused(let host):
                "Nothing answers at \(host) (connection refused). Check that the server is running and that the port in the address is right."
            case .timeout:
                "No answer from \(place) \(timeout.map { "within \($0.secondsText)" } ?? "in time"). The server may be busy or still loading a model: try again, and check that it is reachable from Hangar (firewall, proxy)."
            case .cancelled:
                "The call to \(place) was stopped before it answered."
            case .tls(let detail):
                "The secure connection to \(place) failed: \(Redaction.clean(detail, secret: secret)). If the server speaks plain HTTP, use http:// in the address; otherwise check its certificate (a private certificate authority goes in HANGAR_CA_BUNDLE)."
            case .insecureRedirect(let from, let to):
                "\(place.capitalizedFirst) redirected from \(from) to the insecure \(to). Hangar does not follow https to http redirects, so no key travels in clear: use the final https address."
            case .tooManyRedirects:
                "\(place.capitalizedFirst) redirected too many times. Use the address the redirects end at."
            case .invalidURL(let target):
                "\(place.capitalizedFirst) sent Hangar to \(target), which is not an http(s) address it can call. Use the server's real API address."
            case .bodyTooLarge(let limit):
                "The answer from \(place) is larger than \(limit / 1024) KiB, more than this call ever needs. Check that the address points at the right API."
            case .connection(let detail):
                "The connection to \(place) broke before a full answer arrived (\(Redaction.clean(detail, secret: secret))). Check the address and any proxy between Hangar and the server."
            }
        guard let secret, !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: Redaction.placeholder)
    }
}

extension String {
    /// The sentence form of a place that starts in lower case ("the Hub at …").
    package var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
