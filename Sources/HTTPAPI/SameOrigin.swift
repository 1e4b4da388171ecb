import Foundation
import HTTPTypes
import Hummingbird

/// Whether a request comes from Hangar's own pages. A browser sends the session cookie with
/// requests that another site's page makes to Hangar (a form posted from another port on
/// the same host counts as same-site), so a write that the cookie authenticates must also
/// show it comes from Hangar's origin: by `Origin`, else by `Sec-Fetch-Site`.
enum SameOrigin {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    static func allows(_ request: Request) -> Bool {
        if let origin = request.headers[.origin] {
            return matches(origin: origin, authority: request.head.authority, scheme: SessionRoutes.isHTTPS(request) ? "https" : "http")
        }
        switch request.headers[secFetchSite]?.lowercased() {
        case "same-origin", "none": return true
        default: return false
        }
    }

    /// `scheme://host[:port]` names the scheme the request came by (`https` behind a TLS proxy
    /// that says so in `X-Forwarded-Proto`), and the host and port it was sent to (its Host).
    static func matches(origin: String, authority: String?, scheme served: String = "http") -> Bool {
        guard let authority, let url = URL(string: origin), let scheme = url.scheme?.lowercased(), scheme == served,
            let originHost = url.host?.lowercased(), !originHost.isEmpty,
            url.path.isEmpty || url.path == "/", url.user == nil, url.query == nil
        else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        let host = HostCheckMiddleware<HangarRequestContext>.hostName(authority).lowercased()
        let port = Self.port(of: authority) ?? defaultPort
        return unbracketed(originHost) == host && (url.port ?? defaultPort) == port
    }

    static func port(of authority: String) -> Int? {
        let tail = authority.hasPrefix("[") ? authority.split(separator: "]", maxSplits: 1).last.map(String.init) ?? "" : authority
        guard let colon = tail.lastIndex(of: ":") else { return nil }
        return Int(tail[tail.index(after: colon)...])
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
