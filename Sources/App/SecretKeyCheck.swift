import Catalog
import Secrets
import Storage

/// Hangar starts only with the key that sealed the stored secrets (connections' API keys and
/// local models' Hugging Face tokens): a wrong key would make them unreadable, so it is refused
/// with a message instead.
enum SecretKeyCheck {
    static func verify(_ database: any Database, key: SecretKey, store: SecretKeyStore, source: SecretKeyStore.Source) async throws {
        let sealed = try await database.read { sql in try await StoredSecretQueries.all(on: sql) }
        let stored = Set(sealed.compactMap { SecretBox.keyID(of: $0.sealed) })
        if stored.isEmpty || stored == [key.id] { return }
        if let pending = try store.pendingNextKey(), stored.contains(pending.id) {
            throw SecretStartError.badKey(
                "a key rotation was interrupted; run `hangar secrets rotate-key` again to finish it before starting the server")
        }
        throw SecretStartError.wrongKey(
            stored: stored.subtracting([key.id]).sorted().joined(separator: ", "), configured: key.id,
            source: source.description)
    }
}

extension SecretKeyStore.Source: CustomStringConvertible {
    public var description: String {
        switch self {
        case .environment: "HANGAR_SECRET_KEY"
        case .file(let path): path
        }
    }
}
