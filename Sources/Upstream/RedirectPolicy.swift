/// The redirect rules, apart from any I/O so they can be checked one by one.
public struct RedirectPolicy: Sendable {
    public static let statuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Where a redirect from `current` to `location` leads: an http(s) URL without userinfo,
    /// never from https down to plain http. Every client that follows redirects asks here.
    public static func target(from current: UpstreamURL, location: String) throws(UpstreamError) -> UpstreamURL {
        let target: UpstreamURL
        do {
            target = try UpstreamURL(location, relativeTo: current)
        } catch {
            throw .invalidURL(UpstreamURL.redacted(location))
        }
        if current.isSecure && !target.isSecure {
            throw .insecureRedirect(from: current.display, to: target.display)
        }
        return target
    }

    let maxRedirects: Int

    struct Hop: Sendable {
        var url: UpstreamURL
        var method: UpstreamRequest.Method
        var body: [UInt8]?
        var headers: UpstreamHeaders
        var redirects: Int
    }

    /// The next hop for a redirect answer, or nil when the answer is not a redirect to follow.
    func next(
        after hop: Hop, status: Int, location: String?, credentialHeaders: Set<String>
    ) throws(UpstreamError) -> Hop? {
        guard Self.statuses.contains(status), let location, !location.isEmpty else { return nil }
        guard hop.redirects < maxRedirects else { throw .tooManyRedirects }
        let target = try Self.target(from: hop.url, location: location)
        var next = hop
        next.url = target
        next.redirects += 1
        // What browsers do: 303 always, and 301/302 after a POST, become a GET without a body.
        if status == 303 && hop.method != .head || (status == 301 || status == 302) && hop.method == .post {
            next.method = .get
            next.body = nil
            next.headers.remove(["content-type", "content-length", "content-encoding", "transfer-encoding"])
        }
        if target.origin != hop.url.origin {
            next.headers.remove(Set(credentialHeaders.map { $0.lowercased() }))
        }
        return next
    }
}
