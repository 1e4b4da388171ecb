import Hummingbird

/// Headers every response carries. The web UI has no inline code, so the CSP can forbid it:
/// a name that slipped into the DOM as HTML still could not run.
///
/// A browser applies the CSP, the frame and the referrer rules only to documents and workers,
/// so the UI's modules, style sheets and images carry `nosniff` alone: a first visit fetches
/// thirty of them, and the other headers would be a tenth of what it transfers. The API's
/// answers are never meant to render, so theirs is the shortest policy that forbids everything.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    /// Where a browser uses the document headers: everything but the UI's subresources. The
    /// service worker's script is a worker, so it keeps them.
    static var apiPolicy: String { "default-src 'none'; frame-ancestors 'none'" }

    enum Kind {
        /// A page or the service worker: the UI's policy.
        case document
        /// A module, a style sheet, an image, the manifest.
        case subresource
        /// JSON, events, metrics, errors.
        case data
    }

    static func kind(path: String, contentType: String?) -> Kind {
        guard let contentType else { return .data }
        if contentType.hasPrefix("text/html") || path == "/sw.js" { return .document }
        if contentType.hasPrefix("text/javascript") || contentType.hasPrefix("text/css") || contentType.hasPrefix("image/")
            || contentType.hasPrefix("font/") || contentType.hasPrefix("application/manifest+json")
        {
            return .subresource
        }
        return .data
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        switch Self.kind(path: request.uri.path, contentType: response.headers[.contentType]) {
        case .subresource:
            break
        case .document:
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[.init("Referrer-Policy")!] = "no-referrer"
            response.headers[.init("X-Frame-Options")!] = "DENY"
        case .data:
            response.headers[.contentSecurityPolicy] = Self.apiPolicy
            response.headers[.init("X-Frame-Options")!] = "DENY"
        }
        return response
    }
}
