import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// Registers the generated handlers on the router, except the operations Hangar serves with a
/// hand-written route (see `ModelListRoute`), so each path and method has exactly one owner.
struct RouterTransport<Context: RequestContext>: ServerTransport {
    let router: Router<Context>
    let handWritten: Set<String>

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method, path: String
    ) throws {
        guard !handWritten.contains("\(method.rawValue) \(path)") else { return }
        router.register(handler, method: method, path: path)
    }
}
