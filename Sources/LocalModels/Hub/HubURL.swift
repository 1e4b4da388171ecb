import Foundation
import Upstream

/// The Hub's download URLs, parsed by the upstream client's one URL rule.
enum HubURL {
    /// `{endpoint}/{repo}/resolve/{revision}/{file}`, quoted the way huggingface_hub quotes it:
    /// the revision as one segment (`refs/pr/1` → `refs%2Fpr%2F1`), the file segment by segment.
    static func resolve(endpoint: String, file: HubFileReference) throws(DownloadError) -> UpstreamURL {
        var base = endpoint.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsedBase = try? UpstreamURL(base), parsedBase.url.query == nil else {
            throw DownloadError(
                .invalidReference, "The Hub endpoint must be an http(s) URL such as https://huggingface.co.")
        }
        let repo = file.repo.split(separator: "/").map { percentEncoded(String($0)) }.joined(separator: "/")
        let path = file.file.split(separator: "/").map { percentEncoded(String($0)) }.joined(separator: "/")
        let text = "\(parsedBase.absoluteString)/\(repo)/resolve/\(percentEncoded(file.revision))/\(path)"
        guard let location = try? UpstreamURL(text) else {
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
