/// Where a redirect leads and whether the token may follow. Kept apart from I/O so each rule
/// can be checked on its own.
struct RedirectRule: Sendable {
    static let statuses: Set<UInt> = [301, 302, 303, 307, 308]
    static let maxRedirects = 5

    struct Hop: Sendable, Equatable {
        var location: HubLocation
        /// Stays false once a redirect left the endpoint's origin, even if a later one comes back:
        /// the token was meant for the Hub, and a CDN that bounces back is not the Hub vouching.
        var sendsToken: Bool
        var redirects: Int
    }

    let endpointOrigin: HubLocation.Origin

    func next(after hop: Hop, location: String?) throws(DownloadError) -> Hop {
        guard hop.redirects < Self.maxRedirects else {
            throw DownloadError(
                .invalidResponse, "The Hub redirected more than \(Self.maxRedirects) times; check the endpoint setting.")
        }
        guard let location, !location.isEmpty else {
            throw DownloadError(.invalidResponse, "The Hub answered with a redirect but no Location; try again later.")
        }
        guard let target = HubLocation(location, relativeTo: hop.location) else {
            throw DownloadError(.invalidResponse, "The Hub redirected to an address that is not an http(s) URL.")
        }
        if hop.location.isSecure && !target.isSecure {
            throw DownloadError(
                .invalidResponse,
                "The Hub redirected from https to plain http (\(target.hostAndPort)); refusing an insecure download.")
        }
        return Hop(
            location: target, sendsToken: hop.sendsToken && target.origin == endpointOrigin,
            redirects: hop.redirects + 1)
    }
}
