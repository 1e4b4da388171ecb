/// The Hugging Face token of a local model, sealed by `SecretBox` like connection keys.
enum M0004LocalModelSecrets {
    static let migration = Migration(version: 4, name: "local_model_secrets") { _ in
        ["ALTER TABLE models ADD COLUMN hf_token_secret TEXT"]
    }
}
