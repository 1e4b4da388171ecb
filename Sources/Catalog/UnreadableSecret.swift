import HangarCore
import Secrets

/// A stored secret that does not open (tampered, or sealed under another server key) is for
/// the admin to set again. The catalog opens every stored secret, so `SecretError` becomes
/// `secret_unreadable` here and nowhere else.
extension HangarError {
    public static func unreadableKey(ofConnection name: String) -> HangarError {
        HangarError(
            .conflict, code: .secretUnreadable,
            message: "The stored key of '\(name)' cannot be decrypted with this server's key; set it again.")
    }

    public static let unreadableHFToken = HangarError(
        .conflict, code: .secretUnreadable,
        message: "The stored Hugging Face token cannot be decrypted with the current secret key; set the token again.")
}

extension CatalogService {
    /// `sealed` in clear (nil stays nil); `unreadable` names the secret when it does not open.
    func open(_ sealed: String?, context: String, unreadable: () async -> HangarError) async throws -> String? {
        guard let sealed else { return nil }
        do {
            return try secrets.open(sealed, context: context)
        } catch is SecretError {
            throw await unreadable()
        }
    }
}
