import Gateway
import Hummingbird

/// Reads that show gateway usage (usage reports, keys' spend and last use, models' last use,
/// the export) first wait until the usage of every call this replica has answered is
/// committed: the gateway records a call just after answering it, and a client that reads next
/// must find it there.
struct UsageSettledMiddleware<Context: RequestContext>: RouterMiddleware {
    let gateway: GatewayService

    static var paths: [String] { ["/api/usage", "/api/keys", "/api/models", "/api/export"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get || request.method == .head {
            let path = request.uri.path
            if Self.paths.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                await gateway.usageSettled()
            }
        }
        return try await next(request, context)
    }
}
