import Crypto
import Foundation

/// The web UI's login: an HttpOnly, SameSite=Strict cookie holding an expiry and an HMAC of it
/// keyed by the admin token. Stateless, so it works across restarts and replicas; changing the
/// admin token ends every session. The token itself never leaves the server in the cookie.
struct SessionCookie: Sendable {
    static let name = "hangar_session"
    static let lifetime: TimeInterval = 7 * 24 * 3600

    let key: SymmetricKey

    init(adminToken: String) {
        key = SymmetricKey(data: SHA256.hash(data: Data(("hangar-session-v1:" + adminToken).utf8)))
    }

    func value(expiring expiry: Date) -> String {
        let payload = "v1.\(Int(expiry.timeIntervalSince1970))"
        return payload + "." + signature(payload)
    }

    func isValid(_ value: String, now: Date = Date()) -> Bool {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let expiry = Int(parts[1]) else { return false }
        let payload = "v1.\(parts[1])"
        guard ConstantTime.equals(String(parts[2]), signature(payload)) else { return false }
        return TimeInterval(expiry) > now.timeIntervalSince1970
    }

    /// `Set-Cookie` for a new session; `secure` when the client reached Hangar over HTTPS.
    func setCookie(now: Date = Date(), secure: Bool) -> String {
        let value = value(expiring: now.addingTimeInterval(Self.lifetime))
        return "\(Self.name)=\(value); Path=/; Max-Age=\(Int(Self.lifetime)); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clearCookie(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The session cookie's value among the request's `Cookie` headers.
    static func presented(in cookieHeaders: [String]) -> String? {
        for header in cookieHeaders {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    private func signature(_ payload: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
