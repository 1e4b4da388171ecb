import Upstream

/// Where a redirect leads (the upstream client's rule) and whether the token may follow (the
/// Hub's own). Kept apart from I/O so each rule can be checked on its own.
struct RedirectRule: Sendable {
    static let statuses = Set(RedirectPolicy.statuses.map(UInt.init))
    static let maxRedirects = 5

    struct Hop: Sendable, Equatable {
        var location: UpstreamURL
        /// Stays false once a redirect left the endpoint's origin, even if a later one comes back:
        /// the token was meant for the Hub, and a CDN that bounces back is not the Hub vouching.
        var sendsToken: Bool
        var redirects: Int
    }

    let endpointOrigin: UpstreamURL.Origin

    func next(after hop: Hop, location: String?) throws(DownloadError) -> Hop {
        guard hop.redirects < Self.maxRedirects else {
            throw DownloadError(
                .invalidResponse, "The Hub redirected more than \(Self.maxRedirects) times; check the endpoint setting.")
        }
        guard let location, !location.isEmpty else {
            throw DownloadError(.invalidResponse, "The Hub answered with a redirect but no Location; try again later.")
        }
        let target: UpstreamURL
        do {
            target = try RedirectPolicy.target(from: hop.location, location: location)
        } catch .insecureRedirect(_, let to) {
            throw DownloadError(.invalidResponse, "The Hub redirected from https to plain http (\(to)); refusing an insecure download.")
        } catch {
            throw DownloadError(.invalidResponse, "The Hub redirected to an address that is not an http(s) URL.")
        }
        return Hop(
            location: target, sendsToken: hop.sendsToken && target.origin == endpointOrigin,
            redirects: hop.redirects + 1)
    }
}
