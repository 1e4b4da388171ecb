import Catalog
import Foundation
import HangarCore
import SQLKit
import Storage

/// `GET /api/export`: the configuration as `ConfigurationExport`, from one consistent read.
public enum ConfigurationExporter {
    public static func export(from database: any Database) async throws -> ConfigurationExport {
        try await database.read { sql in try await snapshot(on: sql) }
    }

    static func snapshot(on sql: any SQLDatabase) async throws -> ConfigurationExport {
        let providers = try await ProviderQueries.all(on: sql).sorted { $0.id < $1.id }.map(exported)
        let models = try await ModelQueries.all(on: sql).sorted { $0.id < $1.id }.map(exported)
        return ConfigurationExport(providers: providers, models: models, settings: try await SettingsService.storedPatch(on: sql))
    }

    static func exported(_ provider: Provider) -> ExportedProvider {
        ExportedProvider(
            id: provider.id, kind: provider.kind, name: provider.name, baseURL: provider.baseURL, apiVersion: provider.apiVersion,
            enabled: provider.enabled, defaultModelID: provider.defaultModelID, rpmLimit: provider.rpmLimit,
            tpmLimit: provider.tpmLimit, maxParallel: provider.maxParallel, isBuiltin: provider.isBuiltin)
    }

    static func exported(_ model: CatalogModel) -> ExportedModel {
        ExportedModel(
            id: model.id, providerID: model.providerID, name: model.name, apiName: model.apiName,
            contextWindow: model.contextWindow, maxOutputTokens: model.maxOutputTokens,
            temperatureDefault: model.temperatureDefault, isBuiltin: model.isBuiltin, status: model.status,
            replacementModelID: model.replacementModelID, costInputPerMillion: model.costInputPerMillion.map(Decimals.exact),
            costOutputPerMillion: model.costOutputPerMillion.map(Decimals.exact), hfRepo: model.hfRepo,
            hfRevision: model.hfRevision, modelFile: model.modelFile)
    }
}
