/// Web UI sessions, kept server-side so that signing out ends a session on every replica at
/// once. Only a hash of each session id is stored: a copy of the database opens no session.
/// `token_fingerprint` names the admin token that opened the session, so changing the token
/// ends every session opened with the old one.
enum M0008Sessions {
    static let migration = Migration(version: 8, name: "sessions") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            """
            CREATE TABLE sessions (
                id_hash TEXT\(collate) PRIMARY KEY,
                token_fingerprint TEXT\(collate) NOT NULL,
                created_at TEXT\(collate) NOT NULL,
                expires_at TEXT\(collate) NOT NULL
            )
            """,
            "CREATE INDEX sessions_expires ON sessions (expires_at)",
        ]
    }
}
