import Catalog
import Storage

/// What the HTTP layer needs from the application: its dependencies and access rules.
public struct HTTPSettings: Sendable {
    public var adminToken: String
    /// Host names accepted besides loopback ones (HANGAR_PUBLIC_HOST, the bound address).
    public var allowedHosts: Set<String>
    public var version: String
    /// The web UI's files (HANGAR_WEB_DIR); nil serves the API alone.
    public var webDirectory: String?

    public init(adminToken: String, allowedHosts: Set<String>, version: String, webDirectory: String? = nil) {
        self.adminToken = adminToken
        self.webDirectory = webDirectory
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.version = version
    }
}
