import Foundation

/// A connection's base URL, checked once and then extended with each API's paths.
public struct Endpoint: Sendable {
    private let components: URLComponents

    /// Nil unless `base` is an absolute http(s) URL with a host and no userinfo.
    public init?(_ base: String) {
        guard var components = URLComponents(string: base.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            components.host?.isEmpty == false, components.user == nil, components.password == nil
        else { return nil }
        components.fragment = nil
        while components.percentEncodedPath.hasSuffix("/") {
            components.percentEncodedPath.removeLast()
        }
        self.components = components
    }

    /// Drops `suffix` from the end of the path, so `…/v1` and `…` name the same API root.
    public func trimming(pathSuffix suffix: String) -> Endpoint {
        var copy = components
        if copy.percentEncodedPath.lowercased().hasSuffix(suffix) {
            copy.percentEncodedPath.removeLast(suffix.count)
        }
        return Endpoint(components: copy)
    }

    /// The base with `segments` appended to its path (each percent-encoded, `/` included) and
    /// `query` added.
    public func url(_ segments: [String], query: [URLQueryItem] = []) -> String {
        var copy = components
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        copy.percentEncodedPath += segments.map { "/" + ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0) }
            .joined()
        if !query.isEmpty {
            copy.queryItems = (copy.queryItems ?? []) + query
        }
        return copy.string ?? ""
    }

    /// Scheme, host and port, for messages.
    public var origin: String {
        var copy = URLComponents()
        copy.scheme = components.scheme
        copy.host = components.host
        copy.port = components.port
        return copy.string ?? ""
    }

    private init(components: URLComponents) {
        self.components = components
    }
}
