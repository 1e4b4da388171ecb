import Foundation
import HTTPTypes
import HangarCore
import Hummingbird

/// Every `/api` route and `/graphql` need `Authorization: Bearer <admin token>` or a web UI session cookie
/// (`/graphql` also takes application keys),
/// except signing in and out and reading `/api/meta`. A write that the cookie authenticates must come from Hangar's
/// own origin (`SameOrigin`); scripts sending the token are not browsers and are unaffected.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = HangarRequestContext

    let adminToken: String
    let sessions: SessionStore

    enum Credential {
        case token
        case session
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") || path == "/graphql" else { return try await next(request, context) }
        // Signing in checks the token itself.
        if path == SessionRoutes.path, request.method == .post { return try await next(request, context) }
        if Self.publicReads.contains(path), Self.isSafe(request.method) { return try await next(request, context) }
        // GraphQL also answers application keys, which its route checks itself.
        if path == GraphQLRoutes.path, let secret = Self.bearerToken(request), !ConstantTime.equals(secret, adminToken) {
            return try await next(request, context)
        }
        switch try await credential(request, context: context) {
        case .token?:
            break
        case .session?:
            // Signing out of one's own session is let through: the worst another site can do
            // with it is sign the admin out, and a sign-out must never fail to end a session.
            if !Self.isSafe(request.method), !Self.isSignOutOfThisSession(request), !SameOrigin.allows(request) {
                HangarMetrics.crossSiteRefused.increment()
                throw HangarError(
                    .forbidden, code: .crossSiteRequest,
                    message:
                        "This change did not come from Hangar's own pages, so it was refused. Use the web UI at its own address, or send the admin token as 'Authorization: Bearer <token>'."
                )
            }
        case nil:
            // Signing out of one session works without a valid one: it only clears the cookie.
            if Self.isSignOutOfThisSession(request) { return try await next(request, context) }
            throw HangarError(
                .unauthorized, code: .unauthorized,
                message:
                    "Send the admin token as 'Authorization: Bearer <token>' (or sign in to the web UI); it is in the data directory's admin-token file or HANGAR_ADMIN_TOKEN."
            )
        }
        return try await next(request, context)
    }

    /// What anyone may read: the field rules a form needs, which hold no secret.
    static let publicReads: Set<String> = ["/api/meta"]

    func credential(_ request: Request, context: Context) async throws -> Credential? {
        if let presented = Self.bearerToken(request) {
            return ConstantTime.equals(presented, adminToken) ? .token : nil
        }
        if let cookie = SessionCookie.presented(in: request.headers[values: .cookie]), try await sessions.isValid(cookie) {
            return .session
        }
        return nil
    }

    static func isSignOutOfThisSession(_ request: Request) -> Bool {
        request.uri.path == SessionRoutes.path && request.method == .delete && !SessionRoutes.endsEverySession(request)
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
