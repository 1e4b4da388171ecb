/// Application keys for the gateway. Only a SHA-256 of each secret is stored (the secrets are
/// 192 random bits, so a fast hash is enough): a copy of the database opens no key. The budget
/// is exact decimal text, like the prices.
enum M0009Keys {
    static let migration = Migration(version: 9, name: "keys") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE api_keys (
                id TEXT\(collate) PRIMARY KEY,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                secret_hash TEXT\(collate) NOT NULL UNIQUE,
                models TEXT,
                scopes TEXT NOT NULL,
                rpm_limit INTEGER,
                tpm_limit INTEGER,
                max_parallel INTEGER,
                budget_usd TEXT,
                budget_period TEXT,
                expires_at TEXT\(collate),
                revoked_at TEXT\(collate),
                last_used_at TEXT\(collate),
                created_at TEXT\(collate) NOT NULL,
                updated_at TEXT\(collate) NOT NULL
            )
            """
        ]
    }
}
