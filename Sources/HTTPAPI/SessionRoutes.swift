import Foundation
import HangarCore
import Hummingbird

/// Signing in and out of the web UI. Served by hand because they set cookies; documented in
/// openapi.yaml under the `session` tag.
struct SessionRoutes {
    static let path = "/api/session"

    let adminToken: String
    let sessions: SessionStore
    let throttle: SignInThrottle
    let trustedProxies: Set<String>

    func register(on router: Router<HangarRequestContext>) {
        router.post(.init(Self.path)) { request, context in try await self.signIn(request, context: context) }
        router.get(.init(Self.path)) { _, _ in
            // The auth middleware already refused requests without a valid token or session.
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"authenticated":true}"#)))
        }
        router.delete(.init(Self.path)) { request, _ in try await self.signOut(request) }
    }

    private struct SignIn: Decodable { let token: String? }

    private func signIn(_ request: Request, context: HangarRequestContext) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw RequestErrors.unsupportedBody
        }
        let body = try await request.body.collect(upTo: BodyLimitMiddleware<HangarRequestContext>.maxBytes)
        let signIn: SignIn
        do {
            signIn = try JSONDecoder().decode(SignIn.self, from: Data(buffer: body))
        } catch {
            throw HangarError.badRequest(
                "Send {\"token\": \"<admin token>\"} as JSON.", fields: ["token": .invalid("Expected a JSON object with a token.")])
        }
        guard let token = signIn.token, !token.isEmpty else {
            throw HangarError.validation(["token": .required("Enter the admin token.")])
        }
        let address = ForwardedClient.address(
            peer: context.clientAddress, forwardedFor: request.headers[values: .init("X-Forwarded-For")!], trusted: trustedProxies)
        if let wait = throttle.retryAfter(address) { throw SignInThrottle.tooManyAttempts(retryAfter: wait) }
        guard ConstantTime.equals(token, adminToken) else {
            throttle.recordFailure(address)
            throw HangarError(
                .unauthorized, code: .invalidToken,
                message: "That is not the admin token. Copy it from the data directory's admin-token file or HANGAR_ADMIN_TOKEN.",
                fields: ["token": .invalid("Wrong token.")])
        }
        var headers = HTTPFields()
        headers[.setCookie] = SessionCookie.setCookie(try await sessions.open(), secure: Self.isHTTPS(request))
        headers[.cacheControl] = "no-store"
        return Response(status: .noContent, headers: headers)
    }

    /// Ends the session the cookie names, or with `?all=true` every session (the auth
    /// middleware lets only a signed-in caller do that).
    private func signOut(_ request: Request) async throws -> Response {
        switch request.uri.queryParameters.get("all") {
        case "true":
            try await sessions.revokeAll()
        case nil, "false":
            if let id = SessionCookie.presented(in: request.headers[values: .cookie]) { try await sessions.revoke(id) }
        default:
            throw HangarError.badRequest("all must be true or false; use all=true to end every session.")
        }
        var headers = HTTPFields()
        headers[.setCookie] = SessionCookie.clearCookie(secure: Self.isHTTPS(request))
        return Response(status: .noContent, headers: headers)
    }

    /// `?all=true`.
    static func endsEverySession(_ request: Request) -> Bool {
        request.uri.queryParameters.get("all") == "true"
    }

    /// Behind a TLS-terminating proxy the cookie must be `Secure`; plain loopback HTTP cannot use it.
    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
