import Catalog
import Storage

/// What the HTTP layer needs from the application: its dependencies and access rules.
public struct HTTPSettings: Sendable {
    public var adminToken: String
    /// Host names accepted besides loopback ones (HANGAR_PUBLIC_HOST, the bound address).
    public var allowedHosts: Set<String>
    public var version: String
    /// The web UI's files; nil serves the API alone.
    public var web: WebFiles?
    /// Reverse proxies whose X-Forwarded-For names the client (HANGAR_TRUSTED_PROXIES).
    public var trustedProxies: Set<String> = []

    public init(
        adminToken: String, allowedHosts: Set<String>, version: String, web: WebFiles? = nil, trustedProxies: Set<String> = []
    ) {
        self.adminToken = adminToken
        self.trustedProxies = trustedProxies
        self.web = web
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.version = version
    }
}

/// Where the web UI's files are read from.
public enum WebFiles: Sendable, Equatable {
    /// A folder: HANGAR_WEB_DIR, or a checkout's `web/`.
    case directory(String)
    /// The copy a release binary carries (`EmbeddedFiles`).
    case embedded
}
