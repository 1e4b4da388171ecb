import App
import ArgumentParser
import Foundation
import HTTPAPI
import Hummingbird
import Logging

struct ServerOptions: ParsableArguments {
    @Option(help: "Directory for the SQLite database and the admin token (HANGAR_DATA_DIR, default ./data).")
    var dataDir: String?

    @Option(help: "postgres://user:password@host:5432/database selects PostgreSQL (DATABASE_URL).")
    var databaseURL: String?

    func configuration() throws -> HangarConfiguration {
        var configuration = try HangarConfiguration.fromEnvironment()
        if let dataDir { configuration.dataDirectory = dataDir }
        if let databaseURL { configuration.databaseURL = databaseURL }
        return configuration
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Hangar server.")

    @Option(help: "Address to listen on (HANGAR_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (HANGAR_PORT, default 8080).")
    var port: Int?

    @Option(help: "Extra host name clients may use, besides loopback (HANGAR_PUBLIC_HOST; repeatable).")
    var publicHost: [String] = []

    @OptionGroup var server: ServerOptions

    func run() async throws {
        var configuration = try server.configuration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        configuration.publicHosts += publicHost
        Logs.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "hangar")
        let servesWeb = configuration.webFiles != nil
        let app = try await buildApplication(configuration, logger: logger) { url, token in
            // Before the banner: once a script or a test reads "Hangar is running", start-up's pages are back.
            StartupMemory.releaseStartupPages()
            var banner = "Hangar is running at \(url)\n"
            banner +=
                token.created
                ? "Admin token (saved in \(token.source); shown once): \(token.value)\n"
                : "Admin token: from \(token.source)\n"
            banner +=
                !servesWeb
                ? "Web UI: not served (no web/index.html found; set HANGAR_WEB_DIR)\n"
                : "Web UI: \(url)/ (log in with the admin token)\n"
            banner += "API: \(url)/api  ·  contract: \(url)/openapi.json\n"
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and seed the builtin catalog, then exit.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try server.configuration()
        Logs.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "hangar")
        try await DatabaseFactory.withDatabase(configuration, logger: logger) { _ in }
        print("Database is up to date (\(configuration.databaseURL == nil ? configuration.sqlitePath : "PostgreSQL")).")
    }
}
