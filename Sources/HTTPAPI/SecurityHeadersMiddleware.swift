import Hummingbird

/// Headers every response carries: a Content-Security-Policy, `nosniff`, no referrer and no
/// framing. The web UI has no inline code, so its pages' policy can forbid it: a name that
/// slipped into the DOM as HTML still could not run.
///
/// A browser applies a policy only to documents and workers, so the UI's pages and its service
/// worker get the UI's policy, and every other answer (the API's JSON, modules, style sheets,
/// images) the shortest one that forbids everything: a first visit fetches thirty modules and
/// style sheets, and the long policy on each was a tenth of what it transferred.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    /// Framing is refused by `X-Frame-Options` on these, so the policy need not say it again.
    static var otherPolicy: String { "default-src 'none'" }

    /// A page, or the service worker's script (a worker takes its policy from its own response).
    static func isDocument(path: String, contentType: String?) -> Bool {
        path == "/sw.js" || contentType?.hasPrefix("text/html") == true
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let document = Self.isDocument(path: request.uri.path, contentType: response.headers[.contentType])
        response.headers[.contentSecurityPolicy] = document ? Self.contentSecurityPolicy : Self.otherPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }
}
