/// The web UI's session cookie: HttpOnly and SameSite=Strict, holding a session id that only
/// the `sessions` table can vouch for (see `SessionStore`). The admin token never leaves the
/// server in it.
enum SessionCookie {
    static let name = "hangar_session"

    /// `Set-Cookie` for a new session; `secure` when the client reached Hangar over HTTPS.
    static func setCookie(_ id: String, secure: Bool) -> String {
        "\(name)=\(id); Path=/; Max-Age=\(Int(SessionStore.lifetime)); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
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
}
