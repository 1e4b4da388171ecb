import Catalog
import Foundation
import Graphiti
import HangarCore

extension GraphQLResolver {
    /// Every connection; a key limited to some models sees only their connections.
    func llmProviders(context: GraphQLContext, arguments: NoArguments) async throws -> [LlmProvider] {
        var providers = try await catalog.providers()
        if let allowed = context.caller.allowedModels {
            let models = try await catalog.models(ids: allowed.sorted())
            await context.loader.prime(models)
            let serving = Set(models.map(\.providerID))
            providers = providers.filter { serving.contains($0.id) }
        }
        await context.loader.prime(providers: providers)
        return providers.map(LlmProvider.init)
    }

    func llmModel(context: GraphQLContext, arguments: IDArguments) async throws -> LlmModel? {
        let id = arguments.id.value
        // A model the key may not use is reported as REST reports an unknown one.
        guard context.caller.mayRead(model: id) else { throw HangarError.notFound(.model, id: id) }
        let model = try await catalog.model(id: id)
        await context.loader.prime([model])
        return LlmModel(model)
    }

    func llmModels(context: GraphQLContext, arguments: ModelPageArguments) async throws -> LlmModelConnection {
        var query = try ModelPage.query(arguments)
        query.ids = context.caller.allowedModels?.sorted()
        let page = try await catalog.listModels(query)
        await context.loader.prime(page.items)
        return LlmModelConnection(
            nodes: page.items.map(LlmModel.init),
            pageInfo: PageInfo(endCursor: page.items.last.map(PageCursor.encode(after:)), hasNextPage: page.nextCursor != nil),
            totalCount: page.total)
    }

    /// What an application may offer for a run: the active models of enabled connections that
    /// the caller may use, the default for `purpose` (or every purpose's default) first, then
    /// each connection's default, then by name. Read from the gateway's snapshot, so it is
    /// exactly what the gateway would accept.
    func availableModels(context: GraphQLContext, arguments: PurposeArguments) async throws -> [LlmModel] {
        let snapshot = try await gateway.catalog.snapshot()
        let defaults = arguments.purpose.map { [$0.core] } ?? ModelPurpose.allCases
        let rank = Dictionary(defaults.enumerated().compactMap { index, purpose in snapshot.defaults[purpose].map { ($0, index) } }) {
            first, _ in first
        }
        let models = snapshot.models.filter { $0.status == .active && context.caller.mayRead(model: $0.id) }
            .sorted { left, right in
                let leftRank = rank[left.id] ?? (left.isDefault ? defaults.count : defaults.count + 1)
                let rightRank = rank[right.id] ?? (right.isDefault ? defaults.count : defaults.count + 1)
                return (leftRank, left.name, left.id) < (rightRank, right.name, right.id)
            }
        await context.loader.prime(models)
        await context.loader.prime(providers: Array(snapshot.providers.values))
        return models.map(LlmModel.init)
    }

    func systemSettings(context: GraphQLContext, arguments: NoArguments) async throws -> [SystemSetting] {
        try SystemSetting.all(try await settings.read())
    }

    /// REST's usage report; a key sees only its own calls.
    func usage(context: GraphQLContext, arguments: UsageArguments) async throws -> UsageSummary {
        await gateway.usageSettled()
        var names: [String: (name: String, prefix: String)] = [:]
        switch context.caller {
        case .admin:
            for key in try await gateway.keys.keys() { names[key.id] = (key.name, key.prefix) }
        case .key(let key):
            names[key.id] = (key.name, key.prefix)
        }
        let report = try await usage.report(
            from: arguments.from, to: arguments.to, modelID: arguments.modelId?.value, providerID: arguments.providerId?.value,
            keyID: context.caller.keyID, keys: names)
        return UsageSummary(report: report)
    }
}

/// `llmModels`' arguments as a catalog query, with REST's limits and cursor rules.
enum ModelPage {
    static func query(_ arguments: ModelPageArguments) throws -> ModelListQuery {
        var fields: [String: FieldError] = [:]
        let first = arguments.first ?? ModelListQuery.defaultLimit
        fields["first"] = .outside(first, 1...ModelListQuery.maxLimit, "first must be between 1 and \(ModelListQuery.maxLimit).")
        let filter = arguments.filter
        if let text = filter?.text, text.unicodeScalars.count > 200 {
            fields["filter.text"] = .tooLong(max: 200, "Search text must be at most 200 characters.")
        }
        if let provider = filter?.providerId?.value {
            fields["filter.providerId"] = .length(of: provider, max: 128, "Provider id must be 1 to 128 characters.")
        }
        if filter?.kind != nil, filter?.providerKind != nil {
            fields["filter.providerKind"] = .invalid("Filter on kind or on providerKind, not both.")
        }
        var query = ModelListQuery(
            providerID: filter?.providerId?.value,
            kind: filter?.kind.map { .model($0.core) } ?? filter?.providerKind.map { .provider($0.core) },
            status: filter?.status?.core, text: filter?.text, limit: first)
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        if let after = arguments.after {
            guard !after.isEmpty, after.utf8.count <= 2048 else {
                throw HangarError.validation(["after": .invalid("after must be 1 to 2048 characters.")])
            }
            do {
                query.after = try PageCursor.decode(after)
            } catch var error as HangarError {
                error.fields = ["after": .invalid("Use pageInfo.endCursor of the previous page.")]
                throw error
            }
        }
        return query
    }
}
