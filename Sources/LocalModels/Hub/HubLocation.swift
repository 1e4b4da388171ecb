import Foundation

/// An absolute http(s) URL the downloader may request, with the origin the token rules compare.
struct HubLocation: Sendable, Hashable {
    struct Origin: Sendable, Hashable {
        let scheme: String
        let host: String
        let port: Int
    }

    let url: URL
    let origin: Origin

    /// Anything but http(s) with a host is refused, and so is userinfo: the HTTP client would turn
    /// it into an `Authorization` header behind the token rules' back.
    init?(_ string: String, relativeTo base: HubLocation? = nil) {
        guard let parsed = URL(string: string, relativeTo: base?.url)?.absoluteURL,
            let components = URLComponents(url: parsed, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { return nil }
        url = parsed
        origin = Origin(scheme: scheme, host: host.lowercased(), port: components.port ?? (scheme == "https" ? 443 : 80))
    }

    var absoluteString: String { url.absoluteString }
    var isSecure: Bool { origin.scheme == "https" }
    var hostAndPort: String { "\(origin.host):\(origin.port)" }

    /// Scheme, host, port and path only: CDN URLs carry their signature in the query.
    var redacted: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return hostAndPort }
        components.query = nil
        components.fragment = nil
        return components.string ?? hostAndPort
    }
}

extension HubLocation {
    /// `{endpoint}/{repo}/resolve/{revision}/{file}`, quoted the way huggingface_hub quotes it:
    /// the revision as one segment (`refs/pr/1` → `refs%2Fpr%2F1`), the file segment by segment.
    static func resolve(endpoint: String, file: HubFileReference) throws(DownloadError) -> HubLocation {
        var base = endpoint.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsedBase = HubLocation(base), parsedBase.url.query == nil else {
            throw DownloadError(
                .invalidReference, "The Hub endpoint must be an http(s) URL such as https://huggingface.co.")
        }
        let repo = file.repo.split(separator: "/").map { percentEncoded(String($0)) }.joined(separator: "/")
        let path = file.file.split(separator: "/").map { percentEncoded(String($0)) }.joined(separator: "/")
        let text = "\(parsedBase.absoluteString)/\(repo)/resolve/\(percentEncoded(file.revision))/\(path)"
        guard let location = HubLocation(text) else {
            throw DownloadError(.invalidReference, "The download URL for \(file.repo) could not be built.")
        }
        return location
    }

    /// Keeps RFC 3986 unreserved bytes and encodes every other UTF-8 byte, `/` included.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
