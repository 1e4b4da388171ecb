/// The gateway's records: which application key made each call, how it ended and whether its
/// tokens were counted by the upstream or estimated; each key's spend per period (UTC day,
/// month, all time) in integer picodollars, so both engines add it exactly; and the cost
/// reserved by calls in flight, with a lease so a crashed replica's reservations lapse.
enum M0010Gateway {
    static let migration = Migration(version: 10, name: "gateway") { engine in
        let collate = engine == .postgres ? " COLLATE \"C\"" : ""
        return [
            "ALTER TABLE usage_records ADD COLUMN key_id TEXT\(collate)",
            "ALTER TABLE usage_records ADD COLUMN status TEXT NOT NULL DEFAULT 'ok'",
            "ALTER TABLE usage_records ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX usage_records_key ON usage_records (key_id, day)",
            """
            CREATE TABLE key_spend (
                key_id TEXT\(collate) NOT NULL,
                period TEXT\(collate) NOT NULL,
                spent_pico BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (key_id, period)
            )
            """,
            """
            CREATE TABLE key_reservations (
                id TEXT\(collate) PRIMARY KEY,
                key_id TEXT\(collate) NOT NULL,
                pico BIGINT NOT NULL,
                expires_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX key_reservations_key ON key_reservations (key_id)",
        ]
    }
}
