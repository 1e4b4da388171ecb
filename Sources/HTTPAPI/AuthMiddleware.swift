import HangarCore
import Hummingbird

/// Every `/api` route needs `Authorization: Bearer <admin token>`.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let adminToken: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") else { return try await next(request, context) }
        guard let presented = Self.bearerToken(request), Self.constantTimeEquals(presented, adminToken) else {
            throw HangarError(
                .unauthorized, code: "unauthorized",
                message: "Send the admin token as 'Authorization: Bearer <token>'; it is in the data directory's admin-token file or HANGAR_ADMIN_TOKEN.")
        }
        return try await next(request, context)
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Compares without stopping at the first difference, so timing reveals nothing.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

import Foundation
