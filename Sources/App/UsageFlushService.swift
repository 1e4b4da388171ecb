import Gateway
import ServiceLifecycle

/// Commits the gateway's last usage records when the server stops: it is shut down after the
/// HTTP server (no call is answered any more) and before the database closes.
struct UsageFlushService: Service {
    let gateway: GatewayService

    func run() async throws {
        try? await gracefulShutdown()
        await gateway.usageSettled()
    }
}
