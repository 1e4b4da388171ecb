import Foundation
import HangarCore

/// `base_url` rule: http or https, a host, an optional port 1–65535, an optional path; no
/// userinfo, query or fragment. Printable ASCII only (international hosts go in punycode).
enum URLRule {
    static let maxLength = 2048
    static let schemes = ["http", "https"]

    static func problem(_ value: String) -> FieldError? {
        func invalid(_ reason: String, _ message: String) -> FieldError {
            FieldError(.invalidURL, message, params: ["reason": .string(reason)])
        }
        let generic = invalid("shape", "Base URL must be an http:// or https:// URL with a host, like https://api.example.com.")
        guard value.utf8.count <= maxLength, value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return value.isEmpty
                ? .required("Base URL is required.") : invalid("characters", "Base URL must not contain spaces or non-ASCII characters.")
        }
        let rest: Substring
        if value.hasPrefix("https://") {
            rest = value.dropFirst(8)
        } else if value.hasPrefix("http://") {
            rest = value.dropFirst(7)
        } else {
            return invalid("scheme", "Base URL must start with http:// or https://.")
        }
        if rest.contains("#") { return invalid("fragment", "Base URL must not have a #fragment.") }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        if path.contains("?") { return invalid("query", "Base URL must not have a ?query.") }
        if authority.contains("@") { return invalid("userinfo", "Base URL must not contain a user name or password.") }
        if authority.isEmpty { return invalid("host", "Base URL needs a host.") }

        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return generic }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return generic }
                port = after.dropFirst()
            }
            let inner = host.dropFirst().dropLast()
            guard isIPv6(inner) else { return invalid("ipv6", "Base URL has an invalid IPv6 host.") }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                port = authority[authority.index(after: colon)...]
            }
            guard isHostName(host) else { return invalid("host_name", "Base URL needs a valid host name.") }
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigitCharacter), port.first != "0",
                let number = Int(port), (1...65535).contains(number)
            else { return invalid("port", "Base URL port must be between 1 and 65535.") }
        }
        return nil
    }

    /// Hex groups and colons that form a real address (`[::1]`, `[fd00::2]`); `[0]` or an
    /// embedded IPv4 form are refused, as the contract's pattern does.
    private static func isIPv6(_ text: Substring) -> Bool {
        let hex = Set("0123456789abcdefABCDEF:")
        guard !text.isEmpty, text.allSatisfy(hex.contains) else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, String(text), &address) == 1
    }

    /// Letters, digits, dots and hyphens; starts and ends with a letter or digit; ≤ 253.
    private static func isHostName(_ host: Substring) -> Bool {
        guard let first = host.first, let last = host.last, host.count <= 253 else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        return first.isASCIIAlnum && last.isASCIIAlnum && host.allSatisfy(allowed.contains)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
    var isASCIIAlnum: Bool { isASCII && (isLetter || isNumber) }
}
