import HangarCore
import SQLKit

/// Discovery's writes: the models a connection newly serves and the ones it stopped serving,
/// applied together so the catalog never shows half of a decision.
extension CatalogService {
    /// A model discovery adds to a connection, with values the proposal chose.
    public struct DiscoveryAddition: Sendable, Hashable {
        public var apiName: String
        public var name: String
        public var contextWindow: Int
        public var maxOutputTokens: Int
        public var costInputPerMillion: Double?
        public var costOutputPerMillion: Double?
        /// The limits are guesses, shown as such until a price sync or an admin sets them.
        public var limitsGuessed: Bool
        /// The price data its prices or limits came from (`price_source`); nil when none did.
        public var priceSource: String?

        public init(
            apiName: String, name: String, contextWindow: Int, maxOutputTokens: Int, costInputPerMillion: Double? = nil,
            costOutputPerMillion: Double? = nil, limitsGuessed: Bool, priceSource: String? = nil
        ) {
            self.priceSource = priceSource
            self.apiName = apiName
            self.name = name
            self.contextWindow = contextWindow
            self.maxOutputTokens = maxOutputTokens
            self.costInputPerMillion = costInputPerMillion
            self.costOutputPerMillion = costOutputPerMillion
            self.limitsGuessed = limitsGuessed
        }
    }

    /// Every model of one connection, in id order.
    public func models(ofProvider providerID: String) async throws -> [CatalogModel] {
        try await database.read { sql in
            try await sql.raw(ModelRow.select + " WHERE m.provider_id = \(bind: providerID) ORDER BY m.id").all().map(ModelRow.decode)
        }
    }

    /// Creates `additions` and deprecates the models `deprecations` names (ids of this
    /// connection's active models) in one transaction, then announces each change. An entry the
    /// field rules refuse is a 422 naming it (`add[1]`); one the stored state refuses (already
    /// added, no longer active) too, found inside the transaction so a concurrent change cannot
    /// slip between check and write. Deprecating the connection's default is refused as REST
    /// refuses it (409 `model_is_default`).
    public func applyDiscovery(providerID: String, add additions: [DiscoveryAddition], deprecate deprecations: [String]) async throws
        -> DiscoveryApplyResult
    {
        try Self.checkDiscovery(additions)
        let result = try await write { sql in
            guard let provider = try await ProviderQueries.find(id: providerID, on: sql) else {
                throw HangarError.notFound(.provider, id: providerID)
            }
            var added: [CatalogModel] = []
            for (index, addition) in additions.enumerated() {
                added.append(try await insertDiscovered(addition, provider: provider, field: "add[\(index)]", on: sql))
            }
            var deprecated: [CatalogModel] = []
            for (index, id) in deprecations.enumerated() {
                guard let current = try await ModelQueries.find(id: id, on: sql), current.providerID == provider.id,
                    current.status == .active
                else {
                    throw HangarError.validation([
                        "deprecate[\(index)]": FieldError(.notActive, "No active model of this connection has this id any more.")
                    ])
                }
                let patch = ModelPatch(status: .deprecated, replacementModelID: .clear)
                deprecated.append(try await ModelUpdate(current: current, patch: patch, sql: sql).apply())
            }
            return DiscoveryApplyResult(added: added, deprecated: deprecated)
        }
        for model in result.added { await events.model(model, .created) }
        for model in result.deprecated { await events.model(model, .updated) }
        return result
    }

    /// The field rules of a created model, each problem reported against its entry.
    static func checkDiscovery(_ additions: [DiscoveryAddition]) throws {
        var fields: [String: FieldError] = [:]
        for (index, addition) in additions.enumerated() {
            let problems = FieldRules.modelProblems(
                name: addition.name, apiName: addition.apiName, contextWindow: addition.contextWindow,
                maxOutputTokens: addition.maxOutputTokens, costInputPerMillion: addition.costInputPerMillion,
                costOutputPerMillion: addition.costOutputPerMillion)
            // The API name first: it is the one value of the entry the admin chose.
            if let problem = problems["api_name"] ?? problems.sorted(by: { $0.key < $1.key }).first?.value {
                fields["add[\(index)]"] = problem
            }
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }

    /// A hosted model as `createModel` makes one (discovery never adds local models).
    private func insertDiscovered(_ addition: DiscoveryAddition, provider: Provider, field: String, on sql: any SQLDatabase)
        async throws -> CatalogModel
    {
        if try await ModelQueries.find(providerID: provider.id, apiName: addition.apiName, on: sql) != nil {
            throw HangarError.validation([field: .duplicate("This connection already has a model with this API name.")])
        }
        let now = Timestamp.now()
        let model = CatalogModel(
            id: Self.newID(), providerID: provider.id, providerKind: provider.kind, kind: .hosted, name: addition.name,
            apiName: addition.apiName, contextWindow: addition.contextWindow, maxOutputTokens: addition.maxOutputTokens,
            temperatureDefault: Self.defaultTemperature, isBuiltin: false, isDefault: false, status: .active,
            costInputPerMillion: addition.costInputPerMillion, costOutputPerMillion: addition.costOutputPerMillion,
            priceSource: addition.priceSource, priceSyncedAt: addition.priceSource == nil ? nil : now,
            limitsGuessed: addition.limitsGuessed, createdAt: now, updatedAt: now)
        try await ModelQueries.insert(model, on: sql)
        return try await ModelQueries.find(id: model.id, on: sql) ?? model
    }
}
