import SQLKit

/// A secret as stored, with what it belongs to. The key rotation and the start-up key check go
/// over every one of them, whichever table holds it.
public struct StoredSecret: Sendable, Equatable {
    public enum Owner: Sendable, Equatable {
        /// A connection's API key.
        case connection
        /// A local model's Hugging Face token.
        case model
    }

    public let owner: Owner
    public let ownerID: String
    public let ownerName: String
    public let sealed: String

    /// What the seal is bound to, so that a ciphertext opens on its own row only.
    public var context: String {
        switch owner {
        case .connection: CatalogService.keyContext(ownerID)
        case .model: CatalogService.hfTokenContext(ownerID)
        }
    }
}

public enum StoredSecretQueries {
    /// Every stored secret: the connections' keys, then the models' tokens, each by id.
    public static func all(on sql: any SQLDatabase) async throws -> [StoredSecret] {
        let keys = try await sql.raw(
            "SELECT id, name, api_key_secret AS sealed FROM providers WHERE api_key_secret IS NOT NULL ORDER BY id"
        ).all()
        let tokens = try await sql.raw(
            "SELECT id, name, hf_token_secret AS sealed FROM models WHERE hf_token_secret IS NOT NULL ORDER BY id"
        ).all()
        return try keys.map { try decode($0, owner: .connection) } + tokens.map { try decode($0, owner: .model) }
    }

    /// Stores a new ciphertext for the same secret, as a key rotation does.
    public static func replace(_ secret: StoredSecret, with sealed: String, on sql: any SQLDatabase) async throws {
        switch secret.owner {
        case .connection: try await ProviderQueries.setSealedKey(sealed, id: secret.ownerID, on: sql)
        case .model: try await ModelDownloadQueries.setSealedHFToken(sealed, modelID: secret.ownerID, on: sql)
        }
    }

    private static func decode(_ row: any SQLRow, owner: StoredSecret.Owner) throws -> StoredSecret {
        StoredSecret(
            owner: owner, ownerID: try row.decode(column: "id", as: String.self),
            ownerName: try row.decode(column: "name", as: String.self), sealed: try row.decode(column: "sealed", as: String.self))
    }
}
