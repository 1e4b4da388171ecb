import Catalog
import Logging
import Secrets
import Storage

/// `hangar secrets rotate-key`: re-seals every stored secret (connections' API keys, local
/// models' Hugging Face tokens) under a new server key in one transaction. Every secret is
/// opened before anything is written: one that cannot be opened stops the rotation with the
/// key file and the database as they were. With a key file, the new key is written to
/// `secret-key.next` inside the transaction and promoted after the commit, so running the
/// command again finishes an interrupted rotation.
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
        let (newKey, pending) = try nextKey(store: store, source: source, newKeyBase64: newKeyBase64)
        let oldBox = SecretBox(key: current)
        let newBox = SecretBox(key: newKey)
        let resealed = try await DatabaseFactory.withDatabase(configuration, logger: logger) { database in
            try await database.write { sql in
                var opened: [(StoredSecret, String)] = []
                var unreadable: [SecretRotationError.Unreadable] = []
                for secret in try await StoredSecretQueries.all(on: sql) {
                    switch SecretBox.keyID(of: secret.sealed) {
                    case newKey.id?:
                        continue  // re-sealed by the interrupted run
                    case current.id?:
                        do {
                            opened.append((secret, try oldBox.open(secret.sealed, context: secret.context)))
                        } catch {
                            unreadable.append(.init(secret: secret, reason: .damaged))
                        }
                    case let other:
                        unreadable.append(.init(secret: secret, reason: .otherKey(other)))
                    }
                }
                guard unreadable.isEmpty else {
                    throw SecretRotationError(unreadable: unreadable, currentKeyID: current.id, keySource: source.description)
                }
                if case .file = source, !pending { try store.writeKeyFile(newKey, to: store.nextKeyPath) }
                for (secret, plain) in opened {
                    try await StoredSecretQueries.replace(secret, with: try newBox.seal(plain, context: secret.context), on: sql)
                }
                return opened.count
            }
        }
        if case .file(let path) = source {
            try store.promoteNextKey()
            return Outcome(resealed: resealed, newKeyID: newKey.id, keyFile: path)
        }
        return Outcome(resealed: resealed, newKeyID: newKey.id, keyFile: nil)
    }

    /// The key to rotate to, and whether it is the pending one of an interrupted rotation
    /// (already in `secret-key.next`).
    private static func nextKey(
        store: SecretKeyStore, source: SecretKeyStore.Source, newKeyBase64: String?
    ) throws -> (key: SecretKey, pending: Bool) {
        switch source {
        case .environment:
            guard let newKeyBase64 else {
                throw SecretStartError.badKey(
                    "the key comes from HANGAR_SECRET_KEY, so give the new one in HANGAR_NEW_SECRET_KEY (openssl rand -base64 32), run again, then replace HANGAR_SECRET_KEY with it"
                )
            }
            return (try parse(newKeyBase64), false)
        case .file:
            if let pending = try store.pendingNextKey() { return (pending, true) }
            return (try newKeyBase64.map(parse) ?? .random(), false)
        }
    }

    private static func parse(_ base64: String) throws -> SecretKey {
        do {
            return try SecretKey(base64: base64)
        } catch {
            throw SecretStartError.badKey("HANGAR_NEW_SECRET_KEY: \(error)")
        }
    }
}
