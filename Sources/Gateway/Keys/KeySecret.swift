import Crypto
import Foundation
import HangarCore

/// A key's secret: `hk_` and 32 base62 characters (190 random bits), stored only as its
/// SHA-256, and shown by its first characters.
enum KeySecret {
    static let marker = "hk_"
    static let length = 32
    static let prefixLength = marker.count + 6
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        // Each character is drawn uniformly: 62 does not divide a byte, so no modulo bias.
        return marker + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func hash(_ secret: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(secret.utf8)))
    }

    static func prefix(of secret: String) -> String { String(secret.prefix(prefixLength)) }

    /// Whether `text` has the shape of a key secret at all (cheap to check before any lookup).
    static func looksLikeSecret(_ text: String) -> Bool {
        text.hasPrefix(marker) && text.utf8.count == marker.utf8.count + length
            && text.utf8.dropFirst(marker.utf8.count).allSatisfy { alphabet.contains(Character(Unicode.Scalar($0))) }
    }
}
