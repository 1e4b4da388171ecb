import Catalog
import Foundation
import Gateway
import Governance
import GraphQLAPI
import HangarCore
import HangarOpenAPI
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Providers
import Storage

/// Every route and middleware of Hangar, in one place. Middleware runs outermost first:
/// request id and access log, metrics, security headers, error mapping, Host check, the web
/// UI's files (served only where no route matches), auth, body limit, settled gateway usage
/// before the reads that show it.
public enum Routes {
    public static func router(
        database: any Database, settings: HTTPSettings, live: LiveServices
    ) throws -> Router<HangarRequestContext> {
        let document = try OpenAPIDocument()
        _ = MetricsRegistry.shared
        HangarMetrics.register()
        let router = Router(context: HangarRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: JSONCompressionMiddleware())
        router.add(middleware: ErrorMiddleware(routes: document.routes))
        router.add(middleware: HostCheckMiddleware(allowedHosts: settings.allowedHosts))
        // no-cache: browsers and the service worker revalidate (ETag) so a new version shows up.
        switch settings.web {
        case .directory(let web)?: router.add(middleware: StaticFiles(directory: web))
        case .embedded?: router.add(middleware: StaticFiles(archive: EmbeddedFiles.archive))
        case nil: break
        }
        let sessions = SessionStore(database: database, adminToken: settings.adminToken)
        router.add(middleware: AuthMiddleware(adminToken: settings.adminToken, sessions: sessions))
        router.add(middleware: BodyLimitMiddleware())
        router.add(middleware: UsageSettledMiddleware(gateway: live.gateway))

        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: document.json)))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: MetricsRegistry.exposition())))
        }
        SessionRoutes(
            adminToken: settings.adminToken, sessions: sessions, throttle: SignInThrottle(), trustedProxies: settings.trustedProxies
        ).register(on: router)
        EventRoutes(live: live).register(on: router)
        let catalog = live.downloads.catalog
        let api = HangarAPI(
            catalog: catalog,
            connectionTests: ConnectionTestService(
                catalog: catalog, tester: ConnectionTester(client: live.upstream.standard), governor: CallGovernor(database: database)),
            database: database, version: settings.version, live: live)
        GatewayRoutes(gateway: live.gateway).register(on: router)
        GraphQLRoutes(
            graphql: try GraphQLService(
                catalog: catalog, downloads: live.downloads, settings: live.settings, usage: live.usage, gateway: live.gateway),
            adminToken: settings.adminToken
        ).register(on: router)
        let models = ModelListRoute(catalog: api.catalog)
        router.on(.init(ModelListRoute.path), method: ModelListRoute.method) { request, _ in try await models.respond(to: request) }
        // Compact JSON (pretty printing costs time on every response) with sorted keys: the
        // encoder's key order otherwise changes from one response to the next, and an export
        // must give the same bytes for the same configuration.
        try api.registerHandlers(
            on: RouterTransport(router: router, handWritten: ["\(ModelListRoute.method.rawValue) \(ModelListRoute.path)"]),
            configuration: .init(jsonEncodingOptions: [.sortedKeys]), middlewares: [EmptyBodyMiddleware()])
        return router
    }
}
