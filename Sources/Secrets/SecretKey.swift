import Crypto
import Foundation

/// The server key that encrypts stored secrets (AES-256-GCM). Its id, a short hash of the
/// key, is written into every ciphertext so a wrong key is recognised, never guessed.
public struct SecretKey: Sendable {
    public let id: String
    let key: SymmetricKey

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw SecretKeyError.wrongLength(bytes.count) }
        key = SymmetricKey(data: bytes)
        id = SHA256.hash(data: Data(bytes)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// A key from its base64 text (HANGAR_SECRET_KEY or the key file).
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SecretKeyError.notBase64
        }
        try self.init(bytes: Array(data))
    }

    public static func random() -> SecretKey {
        // 32 random bytes always make a valid key.
        try! SecretKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }
}

public enum SecretKeyError: Error, Equatable, CustomStringConvertible {
    case wrongLength(Int)
    case notBase64

    public var description: String {
        switch self {
        case .wrongLength(let count): "the key must be 32 bytes, not \(count) (create one with: openssl rand -base64 32)"
        case .notBase64: "the key is not base64 text (create one with: openssl rand -base64 32)"
        }
    }
}
