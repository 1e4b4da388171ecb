import Foundation

/// An absolute http(s) URL as the redirect rules see it: an origin plus the rest. Every
/// outbound call parses its URLs with this one rule (the upstream client and the Hub downloader).
public struct UpstreamURL: Sendable, Hashable {
    public struct Origin: Sendable, Hashable {
        public let scheme: String
        public let host: String
        public let port: Int

        public init(scheme: String, host: String, port: Int) {
            self.scheme = scheme
            self.host = host
            self.port = port
        }
    }

    public let url: URL
    public let origin: Origin

    /// Refuses anything but http(s) with a host; userinfo is refused too, because AsyncHTTPClient
    /// would turn it into an `Authorization` header that the redirect rules cannot see.
    public init(_ string: String, relativeTo base: UpstreamURL? = nil) throws(UpstreamError) {
        guard let parsed = URL(string: string, relativeTo: base?.url)?.absoluteURL,
            let components = URLComponents(url: parsed, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { throw .invalidURL(Self.redacted(string)) }
        guard components.user == nil, components.password == nil else {
            throw .invalidURL(Self.redacted(string))
        }
        self.url = parsed
        self.origin = Origin(
            scheme: scheme, host: host.lowercased(), port: components.port ?? (scheme == "https" ? 443 : 80))
    }

    public var absoluteString: String { url.absoluteString }

    public var isSecure: Bool { origin.scheme == "https" }

    /// `host:port`, as connection errors name the place they could not reach.
    public var authority: String {
        origin.host.contains(":") ? "[\(origin.host)]:\(origin.port)" : "\(origin.host):\(origin.port)"
    }

    /// Scheme, host, port and path: what may appear in logs and messages.
    public var display: String { Self.redacted(url.absoluteString) }

    /// Drops userinfo, query and fragment, which is where URLs carry secrets; leaves text that
    /// does not parse reduced to nothing rather than risk echoing it.
    public static func redacted(_ string: String) -> String {
        guard var components = URLComponents(string: string), components.scheme != nil else { return "(invalid URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(invalid URL)"
    }
}
