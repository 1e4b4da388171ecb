import Crypto
import Foundation

/// Seals and opens secrets as `hangar-secret:v1:<key id>:<base64url(nonce | ciphertext | tag)>`.
/// The context (such as `provider:<id>`) is authenticated too, so a ciphertext copied onto
/// another connection does not open there.
public struct SecretBox: Sendable {
    public let key: SecretKey
    static let prefix = "hangar-secret:v1:"

    public init(key: SecretKey) { self.key = key }

    public func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key.key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw SecretError.unreadable }
        return Self.prefix + key.id + ":" + Base64URL.encode(combined)
    }

    public func open(_ sealed: String, context: String) throws -> String {
        guard let keyID = Self.keyID(of: sealed) else { throw SecretError.unreadable }
        guard keyID == key.id else { throw SecretError.otherKey(keyID) }
        let encoded = sealed.dropFirst(Self.prefix.count + keyID.count + 1)
        do {
            guard let combined = Base64URL.decode(String(encoded)) else { throw SecretError.unreadable }
            let box = try AES.GCM.SealedBox(combined: combined)
            let plain = try AES.GCM.open(box, using: key.key, authenticating: Data(context.utf8))
            guard let text = String(data: plain, encoding: .utf8) else { throw SecretError.unreadable }
            return text
        } catch {
            // Authentication failure, truncation or bad encoding: all mean the value is not ours.
            throw SecretError.unreadable
        }
    }

    /// The key id a sealed value names, or nil when it is not in this format.
    public static func keyID(of sealed: String) -> String? {
        guard sealed.hasPrefix(prefix) else { return nil }
        let rest = sealed.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let id = rest[..<colon]
        return id.isEmpty ? nil : String(id)
    }
}

public enum SecretError: Error, Equatable {
    /// Tampered, truncated or not a Hangar secret.
    case unreadable
    /// Sealed under another server key.
    case otherKey(String)
}

enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
