import Foundation
import NIOCore
import NIOHTTP1

/// A request line may name its host in the target (`GET http://host/path HTTP/1.1`), and then
/// that host is the request's host (RFC 9112 §3.2.2), whatever `Host` says. The conversion to
/// HTTP types keeps only `Host` and drops the target's host, so this handler, just before it,
/// moves the target's host into `Host`: the Host check then judges the host the client really
/// named. A request with several `Host` headers is left as is for the Host check to refuse.
final class AbsoluteTarget: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), !head.uri.hasPrefix("/"), head.uri != "*",
            head.headers["Host"].count <= 1
        else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "Host", value: Self.authority(of: head.uri) ?? "")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// `host[:port]` of an absolute URI; nil when it has none.
    static func authority(of target: String) -> String? {
        guard let components = URLComponents(string: target), components.scheme != nil,
            let host = components.percentEncodedHost, !host.isEmpty
        else { return nil }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return components.port.map { "\(bracketed):\($0)" } ?? bracketed
    }
}
