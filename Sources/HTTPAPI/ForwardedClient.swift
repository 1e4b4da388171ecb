import Foundation

/// The client address behind trusted reverse proxies (HANGAR_TRUSTED_PROXIES): when the
/// socket's peer is one of them, X-Forwarded-For is read from the right (each proxy appends
/// the address it saw) and the first address that is not a trusted proxy is the client. From
/// anyone else the header is ignored, so a client cannot pick its own address to dodge the
/// sign-in throttle.
enum ForwardedClient {
    static func address(peer: String, forwardedFor: [String], trusted: Set<String>) -> String {
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !hop.isEmpty {
            if !trusted.contains(hop) { return hop }
        }
        return peer
    }
}
