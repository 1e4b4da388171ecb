/// Catalog sync: a model's deprecation date and the successor its price data names, where its
/// prices and limits came from (and when), and whether discovery only guessed its limits.
/// The index serves the daily job that deprecates models whose date has passed.
enum M0014CatalogSync {
    static let migration = Migration(version: 14, name: "catalog_sync") { _ in
        [
            "ALTER TABLE models ADD COLUMN deprecation_date TEXT",
            "ALTER TABLE models ADD COLUMN successor_api_name TEXT",
            "ALTER TABLE models ADD COLUMN price_source TEXT",
            "ALTER TABLE models ADD COLUMN price_synced_at TEXT",
            "ALTER TABLE models ADD COLUMN limits_guessed BOOLEAN NOT NULL DEFAULT FALSE",
            "CREATE INDEX models_deprecation_date ON models (deprecation_date)",
        ]
    }
}
