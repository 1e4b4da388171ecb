/// The Hugging Face token of a local model, sealed by `SecretBox` like connection keys, and
/// the reason of the last failed download (shown in the list without fetching the job).
enum M0004LocalModelSecrets {
    static let migration = Migration(version: 4, name: "local_model_secrets") { _ in
        [
            "ALTER TABLE models ADD COLUMN hf_token_secret TEXT",
            "ALTER TABLE models ADD COLUMN download_error TEXT",
        ]
    }
}
