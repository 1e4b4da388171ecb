import Foundation
import HangarCore
import Hummingbird

/// Log in and out of the web UI. Served by hand because they set cookies; documented in
/// openapi.yaml under the `session` tag.
struct SessionRoutes {
    static let path = "/api/session"

    let adminToken: String
    let cookie: SessionCookie

    init(adminToken: String) {
        self.adminToken = adminToken
        self.cookie = SessionCookie(adminToken: adminToken)
    }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.post(.init(Self.path)) { request, context in try await self.logIn(request, context: context) }
        router.get(.init(Self.path)) { _, _ in
            // The auth middleware already refused requests without a valid token or cookie.
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"authenticated":true}"#)))
        }
        router.delete(.init(Self.path)) { request, _ in
            var headers = HTTPFields()
            headers[.setCookie] = SessionCookie.clearCookie(secure: Self.isHTTPS(request))
            return Response(status: .noContent, headers: headers)
        }
    }

    private struct LogIn: Decodable { let token: String? }

    private func logIn<Context: RequestContext>(_ request: Request, context: Context) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw RequestErrors.unsupportedBody
        }
        let body = try await request.body.collect(upTo: BodyLimitMiddleware<Context>.maxBytes)
        let login: LogIn
        do {
            login = try JSONDecoder().decode(LogIn.self, from: Data(buffer: body))
        } catch {
            throw HangarError.badRequest("Send {\"token\": \"<admin token>\"} as JSON.", fields: ["token": "Expected a JSON object with a token."])
        }
        guard let token = login.token, !token.isEmpty else {
            throw HangarError.validation(["token": "Enter the admin token."])
        }
        guard ConstantTime.equals(token, adminToken) else {
            throw HangarError(
                .unauthorized, code: "invalid_token",
                message: "That is not the admin token. Copy it from the data directory's admin-token file or HANGAR_ADMIN_TOKEN.",
                fields: ["token": "Wrong token."])
        }
        var headers = HTTPFields()
        headers[.setCookie] = cookie.setCookie(secure: Self.isHTTPS(request))
        headers[.cacheControl] = "no-store"
        return Response(status: .noContent, headers: headers)
    }

    /// Behind a TLS-terminating proxy the cookie must be `Secure`; plain loopback HTTP cannot use it.
    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
