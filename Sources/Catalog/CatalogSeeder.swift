import HangarCore
import SQLKit
import Storage

/// Seeds the builtin connections and models. Each row is inserted only when absent, so a
/// restart never duplicates a builtin nor undoes an admin's change to one.
public enum CatalogSeeder {
    /// Default model given to a builtin connection the first time it is seeded.
    static let initialDefaults = ["mistral": "mistral-mistral-small-latest", "ollama": "ollama-llama3.2", "local": "local-qwen3-0.6b-q4_0"]

    public static func seed(_ database: any Database) async throws {
        let now = Timestamp.now()
        try await database.write { sql in
            for seed in BuiltinCatalog.providers {
                try await ProviderQueries.insertIfAbsent(
                    Provider(
                        id: seed.id, kind: seed.kind, name: seed.name, baseURL: seed.baseURL, apiVersion: seed.apiVersion,
                        enabled: seed.enabled, defaultModelID: initialDefaults[seed.id], isBuiltin: true,
                        createdAt: now, updatedAt: now),
                    on: sql)
            }
            for seed in BuiltinCatalog.models {
                try await insertIfAbsent(model(seed, now: now), on: sql)
            }
        }
    }

    static func model(_ seed: BuiltinCatalog.ModelSeed, now: String) -> CatalogModel {
        let isLocal = seed.providerID == "local"
        return CatalogModel(
            id: seed.id, providerID: seed.providerID,
            providerKind: BuiltinCatalog.providers.first { $0.id == seed.providerID }?.kind ?? .local,
            kind: isLocal ? .local : .hosted, name: seed.name, apiName: seed.apiName,
            contextWindow: seed.contextWindow, maxOutputTokens: seed.maxOutputTokens, temperatureDefault: 0.7,
            isBuiltin: true, isDefault: false, status: .active,
            hfRepo: seed.hfRepo, hfRevision: isLocal ? "main" : nil, modelFile: seed.modelFile,
            downloadStatus: isLocal ? .pending : nil, downloaded: isLocal ? false : nil,
            createdAt: now, updatedAt: now)
    }

    private static func insertIfAbsent(_ model: CatalogModel, on sql: any SQLDatabase) async throws {
        let values = ModelRow.values(model)
        try await sql.raw(
            """
            INSERT INTO models (\(unsafeRaw: values.map(\.0).joined(separator: ", ")))
            VALUES (\(binds: values.map(\.1))) ON CONFLICT DO NOTHING
            """
        ).run()
    }
}
