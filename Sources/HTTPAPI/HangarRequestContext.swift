import Hummingbird
import NIOCore

/// Hummingbird's basic context plus the connection a request came on: sign-in throttling
/// needs the client's address, and an event stream must end as soon as its client goes away.
public struct HangarRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The client's IP address as the socket sees it (a proxy in front shows as itself).
    var clientAddress: String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Completes when the connection closes, whoever closes it.
    var connectionClosed: EventLoopFuture<Void> { channel.closeFuture }
}
