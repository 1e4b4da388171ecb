import AsyncHTTPClient
import NIOPosix
import NIOSSL
import Synchronization

/// Every outbound client Hangar uses, for one trust setting: the system's roots alone, or with
/// a CA bundle's authorities too. Each set lives as long as the process, like
/// `UpstreamClient.shared`, so nothing has to shut it down.
public struct UpstreamClients: Sendable {
    /// Calls with a capped body and a read timeout: connection tests, completions, Ollama, registries.
    public let standard: UpstreamClient
    /// Long streams with long silences (Ollama pulls).
    public let streaming: UpstreamClient
    /// The gateway's relays: long silences, many connections per host.
    public let relay: UpstreamClient
    /// Transfers whose caller follows redirects and watches for stalls itself (Hub downloads).
    public let transfer: HTTPClient

    public static let system = UpstreamClients(
        standard: .shared, streaming: .streaming, relay: .relay, transfer: makeTransferClient(tls: .makeClientConfiguration()))

    private static let madeForBundles = Mutex<[CABundle: UpstreamClients]>([:])

    /// The clients that also trust `bundle`'s authorities; the same ones for the same bundle.
    public static func trusting(_ bundle: CABundle?) -> UpstreamClients {
        guard let bundle else { return .system }
        return madeForBundles.withLock { made in
            if let clients = made[bundle] { return clients }
            let tls = bundle.tlsConfiguration
            let clients = UpstreamClients(
                standard: UpstreamClient(configuration: .init(tls: tls), isShared: true),
                streaming: UpstreamClient(configuration: .init(readTimeout: UpstreamClient.streamingReadTimeout, tls: tls), isShared: true),
                relay: UpstreamClient(configuration: UpstreamClient.relayConfiguration(tls: tls), isShared: true),
                transfer: makeTransferClient(tls: tls))
            made[bundle] = clients
            return clients
        }
    }

    /// No automatic redirects (the caller keeps the token on its origin and reads the answers'
    /// headers), no decompression (the bytes are hashed as sent), no read timeout (the caller
    /// watches for stalls), and connection failures reported at once so the caller's backoff
    /// applies; the connect timeout is only a backstop behind the caller's deadlines.
    static func makeTransferClient(tls: TLSConfiguration) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: .seconds(60), read: nil),
            decompression: .disabled)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }
}
