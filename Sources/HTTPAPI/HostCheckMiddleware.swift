import HTTPTypes
import HangarCore
import Hummingbird

/// Answers 403 when the Host header (or an absolute request target, see `AbsoluteTarget`)
/// names neither a loopback host nor a configured public host, so a page on another site
/// cannot reach Hangar through DNS rebinding; and 400 for a request with two Host headers.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedHosts: Set<String>

    static var host: HTTPField.Name { HTTPField.Name("Host")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The first Host became the request's authority; any other is a second one.
        guard request.headers[Self.host] == nil else {
            throw HangarError.badRequest("The request has more than one Host header; send exactly one.")
        }
        guard let authority = request.head.authority, Self.isAllowed(authority, allowed: allowedHosts) else {
            throw HangarError(
                .forbidden, code: .forbiddenHost,
                message: "This Host is not allowed. Use a loopback address, or set HANGAR_PUBLIC_HOST to the name clients use.")
        }
        return try await next(request, context)
    }

    static func isAllowed(_ authority: String, allowed: Set<String>) -> Bool {
        let host = hostName(authority).lowercased()
        if host.isEmpty { return false }
        if allowed.contains(host) { return true }
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets[0] == "127", octets.allSatisfy({ UInt8($0) != nil }) { return true }
        return false
    }

    /// The host part of `host[:port]` or `[v6]:port`.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "" }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        if let colon = authority.lastIndex(of: ":") { return String(authority[..<colon]) }
        return authority
    }
}
