import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The one way Hangar calls the outside world. It follows redirects itself, so that it can
/// refuse https→http downgrades and keep credentials from leaving the origin they were meant
/// for, and it reads bodies under a size cap and a deadline covering the whole exchange.
public final class UpstreamClient: Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration
        /// Longest silence while waiting for the next bytes of an answer.
        public var readTimeout: Duration
        public var maxRedirects: Int
        public var maxBodyBytes: Int
        public var tls: TLSConfiguration
        /// Open connections kept per upstream host; more calls than this queue for one.
        public var connectionsPerHost: Int

        public init(
            connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(30), maxRedirects: Int = 5,
            maxBodyBytes: Int = 4 * 1024 * 1024, tls: TLSConfiguration = .makeClientConfiguration(), connectionsPerHost: Int = 8
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.maxRedirects = maxRedirects
            self.maxBodyBytes = maxBodyBytes
            self.tls = tls
            self.connectionsPerHost = connectionsPerHost
        }
    }

    /// Lives as long as the process, on NIO's shared event loops; `shutdown()` leaves it alone.
    public static let shared = UpstreamClient(configuration: .init(), isShared: true)

    /// For long streams (an Ollama pull): a silence of minutes is normal while the upstream
    /// verifies a big layer, so only five minutes of it count as a timeout. Process-wide too.
    public static let streaming = UpstreamClient(configuration: .init(readTimeout: streamingReadTimeout), isShared: true)
    static let streamingReadTimeout: Duration = .seconds(300)

    /// For the gateway's relays: many calls at once to one upstream, and a model may think for
    /// minutes before its first token. Process-wide too.
    public static let relay = UpstreamClient(configuration: relayConfiguration(tls: .makeClientConfiguration()), isShared: true)

    static func relayConfiguration(tls: TLSConfiguration) -> Configuration {
        .init(readTimeout: streamingReadTimeout, maxBodyBytes: 64 * 1024 * 1024, tls: tls, connectionsPerHost: 1024)
    }

    public let configuration: Configuration
    let http: HTTPClient
    private let isShared: Bool

    public convenience init(configuration: Configuration = .init()) {
        self.init(configuration: configuration, isShared: false)
    }

    init(configuration: Configuration, isShared: Bool) {
        var http = HTTPClient.Configuration(
            tlsConfiguration: configuration.tls,
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.readTimeout)))
        // A connection test must report the first failure as it is ("refused"), not retry with
        // backoff until the connect timeout and then call it a timeout.
        http.connectionPool.retryConnectionEstablishment = false
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.connectionsPerHost
        self.http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: http)
        self.configuration = configuration
        self.isShared = isShared
    }

    public func shutdown() async throws {
        guard !isShared else { return }
        try await http.shutdown()
    }

    /// Sends `request`, following redirects, and returns the first answer that is not one.
    /// `timeout` bounds everything: connecting, every redirect, and reading the last body.
    public func send(_ request: UpstreamRequest, timeout: Duration) async throws(UpstreamError) -> UpstreamResponse {
        let first = try UpstreamURL(request.url)
        let deadline = ContinuousClock.now + timeout
        let tracker = HopTracker(first)
        do {
            return try await withDeadline(deadline) {
                try await self.follow(request, from: first, deadline: deadline, tracker: tracker)
            }
        } catch {
            throw UpstreamError(classifying: error, target: tracker.current)
        }
    }

    private func follow(
        _ request: UpstreamRequest, from first: UpstreamURL, deadline: ContinuousClock.Instant, tracker: HopTracker
    ) async throws -> UpstreamResponse {
        let policy = RedirectPolicy(maxRedirects: configuration.maxRedirects)
        let limit = request.maxBodyBytes ?? configuration.maxBodyBytes
        var hop = RedirectPolicy.Hop(
            url: first, method: request.method, body: request.body, headers: request.headers, redirects: 0)
        while true {
            tracker.current = hop.url
            let response = try await http.execute(makeRequest(hop), deadline: NIODeadline(deadline))
            let headers = UpstreamHeaders(response.headers.map { .init(name: $0.name, value: $0.value) })
            let body = try await Self.collect(response, limit: limit)
            guard
                let next = try policy.next(
                    after: hop, status: Int(response.status.code), location: headers["location"],
                    credentialHeaders: request.credentialHeaders)
            else {
                return UpstreamResponse(
                    status: Int(response.status.code), headers: headers, body: body, finalURL: hop.url.display)
            }
            hop = next
        }
    }

    func makeRequest(_ hop: RedirectPolicy.Hop) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: hop.url.absoluteString)
        request.method = HTTPMethod(rawValue: hop.method.rawValue)
        for field in hop.headers where !Self.framingHeaders.contains(field.name.lowercased()) {
            request.headers.add(name: field.name, value: field.value)
        }
        if let body = hop.body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Set by AsyncHTTPClient from the URL and body; a caller's copy could only contradict it.
    private static let framingHeaders: Set<String> = ["host", "content-length", "transfer-encoding"]

    /// Stops at the first byte past `limit`; dropping the body stream makes AsyncHTTPClient
    /// close the connection instead of draining the rest.
    static func collect(_ response: HTTPClientResponse, limit: Int) async throws -> [UInt8] {
        if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > limit {
            throw UpstreamError.bodyTooLarge(limit: limit)
        }
        return try await collect(response.body, limit: limit)
    }

    static func collect(_ body: HTTPClientResponse.Body, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            guard bytes.count + chunk.readableBytes <= limit else { throw UpstreamError.bodyTooLarge(limit: limit) }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        return bytes
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension NIODeadline {
    init(_ instant: ContinuousClock.Instant) {
        self = .now() + TimeAmount(ContinuousClock.now.duration(to: instant))
    }
}
