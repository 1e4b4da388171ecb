import Catalog
import Foundation
import Governance
import HangarCore

/// `POST /api/catalog/price-sync`: compares the catalog with a LiteLLM price file and, unless
/// it is a dry run, writes the chosen models' new values in one transaction.
public struct PriceSyncService: Sendable {
    let catalog: CatalogService
    let settings: SettingsService
    let source: PriceDataSource

    public init(catalog: CatalogService, settings: SettingsService, source: PriceDataSource = PriceDataSource()) {
        self.catalog = catalog
        self.settings = settings
        self.source = source
    }

    public func run(_ request: PriceSyncRequest, dryRun: Bool) async throws -> PriceSyncReport {
        try Self.checkModelIDs(request.modelIDs)
        // Unknown ids are refused before a price file is fetched or parsed.
        let models = try await catalog.allModels()
        try Self.checkKnown(request.modelIDs, in: models)
        let (data, sourceName) = try await source.load(request, settingURL: await settings.current().priceDataURL)
        var changes: [PriceSyncChange] = []
        var writes: [SyncedValues] = []
        var unmatched: [String] = []
        var unchanged = 0
        for model in models {
            guard let (key, entry) = PriceMatch.entry(in: data, kind: model.providerKind, apiName: model.apiName) else {
                if model.kind != .local { unmatched.append(model.id) }
                continue
            }
            let diff = PriceDiff(model: model, values: PriceValues(entry))
            guard !diff.fields.isEmpty || diff.successorChanged else {
                unchanged += 1
                continue
            }
            changes.append(diff.change(entry: key))
            writes.append(diff.write)
        }
        if let chosen = request.modelIDs {
            let wanted = Set(chosen)
            writes = writes.filter { wanted.contains($0.modelID) }
        }
        let applied = dryRun || writes.isEmpty ? [] : try await catalog.applySync(writes, source: sourceName)
        return PriceSyncReport(
            source: sourceName, dryRun: dryRun, entries: data.entries.count, changes: changes, unchanged: unchanged,
            unmatched: unmatched, applied: applied.count)
    }

    static func checkKnown(_ ids: [String]?, in models: [CatalogModel]) throws {
        guard let ids else { return }
        let known = Set(models.map(\.id))
        let unknown = ids.enumerated().filter { !known.contains($0.element) }
        guard let first = unknown.first else { return }
        throw HangarError(
            .notFound, code: .modelNotFound,
            message: "No model with id '\(first.element.prefix(80))'; list the models to find the right ids.",
            fields: Dictionary(uniqueKeysWithValues: unknown.map { ("model_ids[\($0.offset)]", .notFound("No model with this id.")) }))
    }

    static func checkModelIDs(_ ids: [String]?) throws {
        guard let ids else { return }
        if ids.isEmpty {
            throw HangarError.validation(["model_ids": .required("Name at least one model, or leave model_ids out to apply all.")])
        }
        var fields: [String: FieldError] = [:]
        for (index, id) in ids.enumerated() where id.isEmpty || id.unicodeScalars.count > 128 {
            fields["model_ids[\(index)]"] = .length(of: id, max: 128, "A model id is 1 to 128 characters.")
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }
}
