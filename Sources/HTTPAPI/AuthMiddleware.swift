import HangarCore
import Hummingbird

/// Every `/api` route needs `Authorization: Bearer <admin token>` or the web UI's session
/// cookie, except logging in and out.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let adminToken: String
    let session: SessionCookie

    init(adminToken: String) {
        self.adminToken = adminToken
        self.session = SessionCookie(adminToken: adminToken)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") else { return try await next(request, context) }
        if path == SessionRoutes.path, request.method == .post || request.method == .delete {
            return try await next(request, context)
        }
        guard isAuthenticated(request) else {
            throw HangarError(
                .unauthorized, code: "unauthorized",
                message: "Send the admin token as 'Authorization: Bearer <token>' (or log in to the web UI); it is in the data directory's admin-token file or HANGAR_ADMIN_TOKEN.")
        }
        return try await next(request, context)
    }

    func isAuthenticated(_ request: Request) -> Bool {
        if let presented = Self.bearerToken(request) { return ConstantTime.equals(presented, adminToken) }
        if let cookie = SessionCookie.presented(in: request.headers[values: .cookie]) { return session.isValid(cookie) }
        return false
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
