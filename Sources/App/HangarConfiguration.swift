import Foundation
import HTTPAPI
import HangarCore
import Logging
import Secrets
import Upstream

/// Every setting of `hangar serve`, read from the environment; command-line flags override
/// them. The README lists the same names.
public struct HangarConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    /// `postgres://…` selects PostgreSQL; nil means SQLite in the data directory.
    public var databaseURL: String?
    /// Overrides the token kept in `<data dir>/admin-token`.
    public var adminToken: String?
    /// Host names clients may use besides loopback ones (HANGAR_PUBLIC_HOST, comma-separated).
    public var publicHosts: [String]
    /// IP addresses of reverse proxies whose X-Forwarded-For names the client
    /// (HANGAR_TRUSTED_PROXIES, comma-separated).
    public var trustedProxies: [String] = []
    public var logLevel: Logger.Level
    /// A folder of web UI files (HANGAR_WEB_DIR, or the checkout's `web/`); it wins over the
    /// files a release embeds. Default: `WebDirectory.locate()`.
    public var webDirectory: String?
    /// Base64 of the 32-byte key that encrypts stored secrets (HANGAR_SECRET_KEY); nil uses
    /// `<data dir>/secret-key`, created on first start.
    public var secretKey: String?
    /// The Hugging Face Hub (HANGAR_HF_ENDPOINT), or a mirror of it.
    public var hubEndpoint: String = "https://huggingface.co"
    /// The server's Hugging Face token (HANGAR_HF_TOKEN): browsing and downloads use it when a
    /// model has no token of its own.
    public var hubToken: String?
    /// Downloads running at once in one process (HANGAR_DOWNLOAD_CONCURRENCY).
    public var downloadConcurrency: Int = 2
    /// Where Ollama update checks fetch manifests (HANGAR_OLLAMA_REGISTRY).
    public var ollamaRegistry: String = "https://registry.ollama.ai"
    /// Where Ollama library search reads (HANGAR_OLLAMA_LIBRARY).
    public var ollamaLibrary: String = "https://ollama.com"
    /// How long an Ollama server's model list is served from memory (HANGAR_OLLAMA_CACHE_SECONDS).
    public var ollamaCacheSeconds: Int = 5
    /// The default of the `ollama_status_poll_seconds` setting (HANGAR_OLLAMA_STATUS_POLL_SECONDS).
    public var ollamaStatusPollSeconds: Int = 10
    /// The default of the `price_data_url` setting (HANGAR_PRICE_DATA_URL); empty: the snapshot.
    public var priceDataURL: String = ""
    /// The default of the `discovery_interval_hours` setting (HANGAR_DISCOVERY_INTERVAL_HOURS).
    public var discoveryIntervalHours: Int = 0
    /// How long Hangar waits for an Ollama server's answer (HANGAR_OLLAMA_TIMEOUT_SECONDS);
    /// loading a model into memory gets twelve times as long.
    public var ollamaTimeoutSeconds: Int = 10
    /// How long a client has to send a whole request head (HANGAR_HEADER_TIMEOUT_SECONDS).
    public var headerTimeoutSeconds: Int = 10
    /// How long a keep-alive connection may sit between requests (HANGAR_IDLE_TIMEOUT_SECONDS).
    public var idleTimeoutSeconds: Int = 60
    /// How long a request waits for a PostgreSQL connection before it answers 503
    /// (HANGAR_DATABASE_WAIT_SECONDS); unused on SQLite.
    public var databaseWaitSeconds: Int = 5
    /// A PEM file of certificate authorities every upstream call trusts besides the system's
    /// (HANGAR_CA_BUNDLE): a corporate proxy's, an internal Ollama's.
    public var caBundle: String?

    public static let version = BuildInfo.version

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./data", databaseURL: String? = nil,
        adminToken: String? = nil, publicHosts: [String] = [], logLevel: Logger.Level = .info,
        webDirectory: String? = WebDirectory.locate()
    ) {
        self.webDirectory = webDirectory
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.adminToken = adminToken
        self.publicHosts = publicHosts
        self.logLevel = logLevel
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HangarConfiguration
    {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        var configuration = HangarConfiguration()
        if let host = value("HANGAR_HOST") { configuration.host = host }
        if let port = value("HANGAR_PORT") {
            guard let number = Int(port), (0...65535).contains(number) else {
                throw Invalid(description: "HANGAR_PORT must be a port number between 0 and 65535, not '\(port)'.")
            }
            configuration.port = number
        }
        if let directory = value("HANGAR_DATA_DIR") { configuration.dataDirectory = directory }
        configuration.databaseURL = value("DATABASE_URL")
        configuration.adminToken = value("HANGAR_ADMIN_TOKEN")
        configuration.secretKey = value("HANGAR_SECRET_KEY")
        /// A comma-separated list, its items trimmed, empty ones dropped.
        func list(_ name: String) -> [String]? {
            value(name)?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let hosts = list("HANGAR_PUBLIC_HOST") { configuration.publicHosts = hosts }
        if let proxies = list("HANGAR_TRUSTED_PROXIES") {
            configuration.trustedProxies = proxies
            if let bad = configuration.trustedProxies.first(where: { !isIPAddress($0) }) {
                throw Invalid(
                    description:
                        "HANGAR_TRUSTED_PROXIES must list the IP addresses of your reverse proxies (e.g. 127.0.0.1,10.0.0.5), not '\(bad)'."
                )
            }
        }
        if let web = value("HANGAR_WEB_DIR") {
            guard FileManager.default.fileExists(atPath: (web as NSString).appendingPathComponent("index.html")) else {
                throw Invalid(description: "HANGAR_WEB_DIR must be a directory holding the web UI's index.html; '\(web)' has none.")
            }
            configuration.webDirectory = web
        }
        if let endpoint = value("HANGAR_HF_ENDPOINT") {
            configuration.hubEndpoint = try baseURL(endpoint, name: "HANGAR_HF_ENDPOINT", example: "https://huggingface.co")
        }
        if let token = value("HANGAR_HF_TOKEN") { configuration.hubToken = token }
        if let registry = value("HANGAR_OLLAMA_REGISTRY") {
            configuration.ollamaRegistry = try baseURL(registry, name: "HANGAR_OLLAMA_REGISTRY", example: "https://registry.ollama.ai")
        }
        if let library = value("HANGAR_OLLAMA_LIBRARY") {
            configuration.ollamaLibrary = try baseURL(library, name: "HANGAR_OLLAMA_LIBRARY", example: "https://ollama.com")
        }
        /// A whole number within `range`; `unit` names what it counts in the error.
        func number(_ name: String, _ range: ClosedRange<Int>, unit: String = "a number of seconds") throws -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw), range.contains(number) else {
                throw Invalid(description: "\(name) must be \(unit) from \(range.lowerBound) to \(range.upperBound), not '\(raw)'.")
            }
            return number
        }
        if let seconds = try number("HANGAR_OLLAMA_CACHE_SECONDS", 0...300) { configuration.ollamaCacheSeconds = seconds }
        if let seconds = try number("HANGAR_OLLAMA_STATUS_POLL_SECONDS", 0...3600) { configuration.ollamaStatusPollSeconds = seconds }
        if let url = value("HANGAR_PRICE_DATA_URL") {
            configuration.priceDataURL = try baseURL(url, name: "HANGAR_PRICE_DATA_URL", example: "https://example.com/prices.json")
        }
        if let hours = try number("HANGAR_DISCOVERY_INTERVAL_HOURS", 0...8760, unit: "a number of hours") {
            configuration.discoveryIntervalHours = hours
        }
        if let seconds = try number("HANGAR_OLLAMA_TIMEOUT_SECONDS", 1...600) { configuration.ollamaTimeoutSeconds = seconds }
        if let seconds = try number("HANGAR_HEADER_TIMEOUT_SECONDS", 1...3600) { configuration.headerTimeoutSeconds = seconds }
        if let seconds = try number("HANGAR_IDLE_TIMEOUT_SECONDS", 1...86_400) { configuration.idleTimeoutSeconds = seconds }
        if let seconds = try number("HANGAR_DATABASE_WAIT_SECONDS", 1...600) { configuration.databaseWaitSeconds = seconds }
        if let count = try number("HANGAR_DOWNLOAD_CONCURRENCY", 1...16, unit: "a number") { configuration.downloadConcurrency = count }
        configuration.caBundle = value("HANGAR_CA_BUNDLE")
        if let level = value("HANGAR_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw Invalid(description: "HANGAR_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical.")
            }
            configuration.logLevel = parsed
        }
        return configuration
    }

    /// An IPv4 or IPv6 address as a socket reports it (no port, no brackets, no range).
    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// An upstream base URL from the environment: http(s), a host, no query, fragment or userinfo;
    /// returned without a trailing slash.
    static func baseURL(_ text: String, name: String, example: String) throws -> String {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false, url.query == nil, url.fragment == nil, url.user == nil
        else {
            throw Invalid(description: "\(name) must be an http(s) URL such as \(example), not '\(text)'.")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Host names the Host check accepts besides loopback: the public hosts and the bound
    /// address when it is a specific one.
    public var allowedHosts: Set<String> {
        var hosts = Set(publicHosts.map { $0.lowercased() })
        if !["0.0.0.0", "::", "[::]"].contains(host) { hosts.insert(host.lowercased()) }
        return hosts
    }

    /// The outbound clients to use: trusting HANGAR_CA_BUNDLE's authorities too when it is set.
    /// A bundle that cannot be used stops the start, since every TLS upstream would fail later.
    public func upstreamClients() throws -> UpstreamClients {
        guard let caBundle else { return .system }
        do {
            return .trusting(try CABundle.load(path: caBundle))
        } catch {
            throw Invalid(
                description: "HANGAR_CA_BUNDLE must name a PEM file of certificate authorities to trust besides the system's; \(error).")
        }
    }

    public var secretKeyStore: SecretKeyStore {
        SecretKeyStore(dataDirectory: dataDirectory, environmentKey: secretKey)
    }

    /// Every downloaded model file stays inside this directory.
    public var modelsDirectory: String {
        (dataDirectory as NSString).appendingPathComponent("models")
    }

    /// Where the web UI comes from: the folder when there is one, else the release's own
    /// copy; nil serves the API alone.
    public var webFiles: WebFiles? {
        if let webDirectory { return .directory(webDirectory) }
        return EmbeddedFiles.archive?["web/index.html"] != nil ? .embedded : nil
    }

    public var sqlitePath: String {
        (dataDirectory as NSString).appendingPathComponent("hangar.sqlite")
    }
}

/// Where the web UI's files are when HANGAR_WEB_DIR is not set: `./web` (running from a
/// checkout, as `swift run hangar serve` does), else the checkout this binary was built from.
/// A release binary carries its own copy and looks for no folder.
public enum WebDirectory {
    public static func locate(currentDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        if EmbeddedFiles.archive != nil { return nil }
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            (currentDirectory as NSString).appendingPathComponent("web"),
            sourceRoot.appendingPathComponent("web").path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("index.html")) }
    }
}
