/// Connection keys, sealed by `SecretBox` (`hangar-secret:v1:<key id>:…`); never plaintext.
enum M0002ProviderSecrets {
    static let migration = Migration(version: 2, name: "provider_secrets") { _ in
        ["ALTER TABLE providers ADD COLUMN api_key_secret TEXT"]
    }
}
