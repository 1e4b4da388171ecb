import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// The floor under bench/gateway's Hangar figures: the same server and client packages Hangar
/// is built on (Hummingbird, AsyncHTTPClient), relaying `POST /v1/chat/completions` to the
/// upstream with nothing else: no key, no catalog, no limits, no usage, no log. What Hangar
/// adds over this is its own work; what this adds over the upstream is the stack's.
///
///     hangar-bench-relay UPSTREAM_URL [PORT]
///
/// Prints `listening on URL` once it serves; streamed answers are relayed piece by piece.
@main
enum BenchRelay {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let upstream = URL(string: arguments[1]), upstream.host != nil else {
            FileHandle.standardError.write(Data("usage: hangar-bench-relay UPSTREAM_URL [PORT]\n".utf8))
            exit(64)
        }
        let target = upstream.absoluteString.trimmingSuffix("/") + "/v1/chat/completions"
        var configuration = HTTPClient.Configuration()
        // As Hangar's relay client: connections enough for every concurrent call.
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            var outbound = HTTPClientRequest(url: target)
            outbound.method = .POST
            outbound.headers.add(name: "Content-Type", value: "application/json")
            outbound.body = .bytes(try await request.body.collect(upTo: 32 << 20))
            let answer = try await client.execute(outbound, timeout: .seconds(300))
            var headers = HTTPFields()
            headers[.contentType] = answer.headers.first(name: "content-type") ?? "application/json"
            return Response(
                status: .init(code: Int(answer.status.code)), headers: headers,
                body: .init { writer in
                    for try await piece in answer.body { try await writer.write(piece) }
                    try await writer.finish(nil)
                })
        }
        let port = arguments.count > 2 ? Int(arguments[2]) ?? 0 : 0
        // No access log: the floor has no work of its own.
        var logger = Logger(label: "bench-relay")
        logger.logLevel = .error
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(bound)\n".utf8))
            }, logger: logger)
        try await app.runService()
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
