import Foundation
import HangarCore
import SQLKit

/// The values a price sync writes to one model; nil leaves a field as it is.
public struct SyncedValues: Sendable, Hashable {
    public var modelID: String
    public var costInputPerMillion: Decimal?
    public var costOutputPerMillion: Decimal?
    public var contextWindow: Int?
    public var maxOutputTokens: Int?
    public var deprecationDate: String?
    public var successorAPIName: String?

    public init(
        modelID: String, costInputPerMillion: Decimal? = nil, costOutputPerMillion: Decimal? = nil, contextWindow: Int? = nil,
        maxOutputTokens: Int? = nil, deprecationDate: String? = nil, successorAPIName: String? = nil
    ) {
        self.modelID = modelID
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.deprecationDate = deprecationDate
        self.successorAPIName = successorAPIName
    }
}

extension CatalogService {
    /// Writes a price sync's values in one transaction, each model stamped with `source`: if
    /// one write fails, none is kept. Builtin models take prices and limits like any other.
    public func applySync(_ values: [SyncedValues], source: String) async throws -> [CatalogModel] {
        let now = Timestamp.now()
        let written = try await write { sql in
            var written: [CatalogModel] = []
            for value in values {
                guard var model = try await ModelQueries.find(id: value.modelID, on: sql) else { continue }
                if let cost = value.costInputPerMillion { model.costInputPerMillion = NSDecimalNumber(decimal: cost).doubleValue }
                if let cost = value.costOutputPerMillion { model.costOutputPerMillion = NSDecimalNumber(decimal: cost).doubleValue }
                if let limit = value.contextWindow { model.contextWindow = limit }
                if let limit = value.maxOutputTokens { model.maxOutputTokens = limit }
                if value.contextWindow != nil || value.maxOutputTokens != nil { model.limitsGuessed = false }
                if let date = value.deprecationDate { model.deprecationDate = date }
                if let successor = value.successorAPIName { model.successorAPIName = successor }
                model.priceSource = source
                model.priceSyncedAt = now
                model.updatedAt = now
                try await ModelQueries.update(model, on: sql)
                written.append(try await ModelQueries.find(id: model.id, on: sql) ?? model)
            }
            return written
        }
        for model in written { await events.model(model, .updated) }
        return written
    }

    /// Active models whose deprecation date is before `today`: the daily job deprecates them.
    public func pastDeprecationDate(today: CivilDay) async throws -> [CatalogModel] {
        try await database.read { sql in
            try await sql.raw(
                ModelRow.select
                    + " WHERE m.status = 'active' AND m.deprecation_date IS NOT NULL AND m.deprecation_date < \(bind: today.text) ORDER BY m.id"
            ).all().map(ModelRow.decode)
        }
    }
}
