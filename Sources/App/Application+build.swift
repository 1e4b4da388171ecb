import Foundation
import HTTPAPI
import Hummingbird
import Logging
import Secrets
import ServiceLifecycle
import Storage

/// Builds the whole server. Production (`hangar serve`) and the tests call this same function.
public func buildApplication(
    _ configuration: HangarConfiguration, logger: Logger = Logger(label: "hangar"),
    onRunning: @escaping @Sendable (_ url: String, _ token: AdminToken) async -> Void = { _, _ in }
) async throws -> some ApplicationProtocol {
    let token = try AdminToken.resolve(configuration: configuration)
    let keyStore = configuration.secretKeyStore
    let (secretKey, keySource) = try keyStore.load()
    let opened = try await DatabaseFactory.open(configuration, logger: logger)
    let router = try Routes.router(
        database: opened.database, secrets: SecretBox(key: secretKey),
        settings: HTTPSettings(
            adminToken: token.value, allowedHosts: configuration.allowedHosts, version: HangarConfiguration.version,
            webDirectory: configuration.webDirectory))
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Hangar"),
        services: [opened.service],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            await onRunning("http://\(host):\(port)", token)
        },
        logger: logger)
    app.beforeServerStarts {
        try await DatabaseFactory.prepare(opened.database, logger: logger)
        try await SecretKeyCheck.verify(opened.database, key: secretKey, store: keyStore, source: keySource)
    }
    return app
}
