import Crypto
import Foundation
import HangarCore
import SQLKit
import Storage

/// The web UI's sessions, in the database so every replica agrees on them at once. The only
/// writer of the `sessions` table.
///
/// A session id is 256 random bits, sent once in the cookie; the table keeps its SHA-256. A
/// session is valid while its row exists, has not expired, and was opened with the current
/// admin token.
struct SessionStore: Sendable {
    static let lifetime: TimeInterval = 7 * 24 * 3600

    let database: any Database
    /// Names the current admin token without revealing it.
    let tokenFingerprint: String

    init(database: any Database, adminToken: String) {
        self.database = database
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(adminToken.utf8), using: SymmetricKey(data: Data("hangar-session-token-v2".utf8)))
        self.tokenFingerprint = Self.hex(Data(mac))
    }

    /// Opens a session and returns its id (the cookie's value). Sessions that ended on their
    /// own are removed on the way, so the table stays small without a background job.
    func open(now: Date = Date()) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let id = Self.base64URL(Data(bytes))
        let nowText = Timestamp.format(now)
        let expires = Timestamp.format(now.addingTimeInterval(Self.lifetime))
        let fingerprint = tokenFingerprint
        try await database.write { sql in
            try await sql.raw(
                """
                DELETE FROM sessions WHERE expires_at <= \(bind: nowText) OR token_fingerprint <> \(bind: fingerprint)
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO sessions (id_hash, token_fingerprint, created_at, expires_at)
                VALUES (\(bind: Self.hash(id)), \(bind: fingerprint), \(bind: nowText), \(bind: expires))
                """
            ).run()
        }
        return id
    }

    func isValid(_ id: String, now: Date = Date()) async throws -> Bool {
        guard Self.isWellFormed(id) else { return false }
        let nowText = Timestamp.format(now)
        let fingerprint = tokenFingerprint
        return try await database.read { sql in
            try await sql.raw(
                """
                SELECT id_hash FROM sessions
                WHERE id_hash = \(bind: Self.hash(id)) AND token_fingerprint = \(bind: fingerprint)
                    AND expires_at > \(bind: nowText)
                """
            ).first() != nil
        }
    }

    func revoke(_ id: String) async throws {
        guard Self.isWellFormed(id) else { return }
        try await database.write { sql in
            try await sql.raw("DELETE FROM sessions WHERE id_hash = \(bind: Self.hash(id))").run()
        }
    }

    /// Ends every session, on every replica.
    func revokeAll() async throws {
        try await database.write { sql in try await sql.raw("DELETE FROM sessions").run() }
    }

    /// 32 bytes in unpadded base64url are 43 characters; anything else is not ours.
    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 43
            && id.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
            }
    }

    static func hash(_ id: String) -> String {
        hex(Data(SHA256.hash(data: Data(id.utf8))))
    }

    static func hex(_ data: Data) -> String {
        Hex.lowercase(data)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
