import Foundation

/// Error bodies as each real API writes them, so clients are tested against the real shapes.
enum FakeErrorFormat: Sendable {
    case openAI
    case azure
    case ollama
    /// The Docker distribution API of registry.ollama.ai: `{"errors": [{code, message, detail}]}`.
    case ollamaRegistry
    /// ollama.com's web pages: errors are HTML pages.
    case ollamaWebsite

    func error(_ status: Int, request: RecordedRequest) -> FakeResponse {
        switch self {
        case .openAI: openAIError(status, request: request)
        case .azure: azureError(status)
        case .ollama: ollamaError(status)
        case .ollamaRegistry: registryError(status)
        case .ollamaWebsite: Self.website(status)
        }
    }

    static func registry(_ status: Int, code: String, message: String, detail: Any = [String: Any]()) -> FakeResponse {
        .json(status, object: ["errors": [["code": code, "message": message, "detail": detail] as [String: Any]]])
    }

    /// An HTML error page as ollama.com serves one.
    static func website(_ status: Int) -> FakeResponse {
        let title = status == 404 ? "404 Not Found" : status == 429 ? "429 Too Many Requests" : "\(status) Internal Server Error"
        let page = """
            <!doctype html>
            <html class="h-full overflow-y-scroll">
              <head><title>Ollama</title><meta charset="utf-8" /></head>
              <body class="antialiased min-h-screen w-full m-0 flex flex-col">
                <main class="flex-grow"><div class="mx-auto max-w-2xl py-24 text-center"><h1 class="text-2xl">\(title)</h1></div></main>
              </body>
            </html>

            """
        return FakeResponse(
            status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(Array(page.utf8)))
    }

    static func openAI(_ status: Int, message: String, type: String, code: String?) -> FakeResponse {
        .json(
            status,
            object: ["error": ["message": message, "type": type, "param": NSNull(), "code": code.map { $0 as Any } ?? NSNull()]])
    }

    static func azure(_ status: Int, code: String, message: String) -> FakeResponse {
        .json(status, object: ["error": ["code": code, "message": message]])
    }

    static func ollama(_ status: Int, _ message: String) -> FakeResponse {
        .json(status, object: ["error": message])
    }

    private func openAIError(_ status: Int, request: RecordedRequest) -> FakeResponse {
        switch status {
        case 401:
            let key = request.header("authorization").map { String($0.dropFirst("Bearer ".count)) } ?? ""
            return FakeOpenAIAuth.rejection(for: key)
        case 403:
            return Self.openAI(
                403, message: "You have insufficient permissions for this operation. Missing scopes: api.model.read.",
                type: "invalid_request_error", code: nil)
        case 404:
            return Self.openAI(
                404, message: "Invalid URL (\(request.method) \(request.path))", type: "invalid_request_error", code: nil)
        case 429:
            return Self.openAI(
                429, message: "Rate limit reached for requests. Please try again later.", type: "requests",
                code: "rate_limit_exceeded")
        default:
            return Self.openAI(
                status, message: "The server had an error while processing your request. Sorry about that!",
                type: "server_error", code: nil)
        }
    }

    private func azureError(_ status: Int) -> FakeResponse {
        switch status {
        case 401:
            Self.azure(
                401, code: "401",
                message:
                    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."
            )
        case 403:
            Self.azure(403, code: "403", message: "Traffic is not from an approved private endpoint.")
        case 404:
            Self.azure(404, code: "404", message: "Resource not found")
        case 429:
            Self.azure(
                429, code: "429",
                message:
                    "Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 7 seconds."
            )
        default:
            Self.azure(
                status, code: "InternalServerError",
                message: "The service is temporarily unable to process your request. Please try again later.")
        }
    }

    private func registryError(_ status: Int) -> FakeResponse {
        switch status {
        case 401: Self.registry(401, code: "UNAUTHORIZED", message: "authentication required")
        case 403: Self.registry(403, code: "DENIED", message: "requested access to the resource is denied")
        case 404: Self.registry(404, code: "MANIFEST_UNKNOWN", message: "manifest unknown")
        case 429: Self.registry(429, code: "TOOMANYREQUESTS", message: "too many requests")
        default: Self.registry(status, code: "UNKNOWN", message: "unknown error")
        }
    }

    private func ollamaError(_ status: Int) -> FakeResponse {
        switch status {
        case 401: Self.ollama(401, "unauthorized")
        case 403: Self.ollama(403, "forbidden")
        case 404: Self.ollama(404, "not found")
        case 429: Self.ollama(429, "too many requests")
        default: Self.ollama(status, "an internal error occurred")
        }
    }
}
