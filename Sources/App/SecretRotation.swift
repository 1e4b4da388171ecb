import Catalog
import Logging
import Secrets
import Storage

/// `hangar secrets rotate-key`: re-seals every stored secret under a new server key in one
/// transaction. With a key file, the new key is written to `secret-key.next` first and
/// promoted after the commit, so running the command again finishes an interrupted rotation.
public enum SecretRotation {
    public struct Outcome: Sendable {
        public let resealed: Int
        public let newKeyID: String
        public let keyFile: String?
    }

    public static func rotate(
        _ configuration: HangarConfiguration, newKeyBase64: String?, logger: Logger
    ) async throws -> Outcome {
        let store = configuration.secretKeyStore
        let (current, source) = try store.load()
        let newKey: SecretKey
        switch source {
        case .environment:
            guard let newKeyBase64 else {
                throw SecretStartError.badKey(
                    "the key comes from HANGAR_SECRET_KEY, so give the new one in HANGAR_NEW_SECRET_KEY (openssl rand -base64 32), run again, then replace HANGAR_SECRET_KEY with it")
            }
            newKey = try parse(newKeyBase64)
        case .file:
            if let pending = try store.pendingNextKey() {
                newKey = pending
            } else {
                newKey = try newKeyBase64.map(parse) ?? .random()
                try store.writeKeyFile(newKey, to: store.nextKeyPath)
            }
        }
        let oldBox = SecretBox(key: current)
        let newBox = SecretBox(key: newKey)
        let resealed = try await DatabaseFactory.withDatabase(configuration, logger: logger) { database in
            try await database.write { sql in
                var count = 0
                for (id, sealed) in try await ProviderQueries.allSealedKeys(on: sql) {
                    let context = CatalogService.keyContext(id)
                    switch SecretBox.keyID(of: sealed) {
                    case newKey.id?:
                        continue
                    case current.id?:
                        let plain = try oldBox.open(sealed, context: context)
                        try await ProviderQueries.setSealedKey(try newBox.seal(plain, context: context), id: id, on: sql)
                        count += 1
                    default:
                        throw SecretStartError.wrongKey(
                            stored: SecretBox.keyID(of: sealed) ?? "unknown", configured: current.id, source: source.description)
                    }
                }
                return count
            }
        }
        if case .file(let path) = source {
            try store.promoteNextKey()
            return Outcome(resealed: resealed, newKeyID: newKey.id, keyFile: path)
        }
        return Outcome(resealed: resealed, newKeyID: newKey.id, keyFile: nil)
    }

    private static func parse(_ base64: String) throws -> SecretKey {
        do {
            return try SecretKey(base64: base64)
        } catch {
            throw SecretStartError.badKey("HANGAR_NEW_SECRET_KEY: \(error)")
        }
    }
}
