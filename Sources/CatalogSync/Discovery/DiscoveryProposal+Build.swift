import Catalog
import Foundation
import HangarCore
import Providers

extension DiscoveryProposal {
    /// The limits a model gets when nothing knows them: small enough that no call is refused
    /// by the upstream for asking too much, marked as guesses so the admin sees to them.
    public static let guessedContextWindow = 8192
    public static let guessedMaxOutputTokens = 4096

    /// Compares `listed` with the connection's catalog models; a new model takes its limits and
    /// prices from `prices` when it names the model (Azure's deployment by the model behind it).
    public static func build(
        provider: Provider, listed: [ListedModel], catalog: [CatalogModel], listedAt: String, prices: PriceData?
    ) -> DiscoveryProposal {
        let key = { (name: String) in matchKey(name, kind: provider.kind) }
        var byKey: [String: CatalogModel] = [:]
        for model in catalog where model.providerID == provider.id { byKey[key(model.apiName)] = byKey[key(model.apiName)] ?? model }
        var seen: Set<String> = []
        var new: [DiscoveredModel] = []
        var present: [DiscoveredModel] = []
        for entry in listed where seen.insert(key(entry.id)).inserted {
            if let model = byKey[key(entry.id)] {
                present.append(discovered(model, listed: entry))
            } else {
                let priced = prices.flatMap { data in
                    PriceMatch.entry(in: data, kind: provider.kind, apiName: entry.upstreamModel ?? entry.id).map { PriceValues($0.entry) }
                }
                new.append(discovered(entry, prices: priced))
            }
        }
        let gone = catalog.filter { $0.providerID == provider.id && $0.status == .active && !seen.contains(key($0.apiName)) }
            .map { discovered($0, listed: nil) }
        let byName = { (a: DiscoveredModel, b: DiscoveredModel) in a.apiName < b.apiName }
        return DiscoveryProposal(
            providerID: provider.id, listedAt: listedAt, new: new.sorted(by: byName), gone: gone.sorted(by: byName),
            present: present.sorted(by: byName))
    }

    /// Ollama serves `llama3.2` as `llama3.2:latest`; both name one model.
    static func matchKey(_ name: String, kind: ProviderKind) -> String {
        guard kind == .ollama else { return name }
        return (name.split(separator: "/").last ?? "").contains(":") ? name : name + ":latest"
    }

    private static func discovered(_ entry: ListedModel, prices: PriceValues?) -> DiscoveredModel {
        let context = prices?.contextWindow
        let output = prices?.maxOutputTokens
        return DiscoveredModel(
            apiName: entry.id, name: String(String.UnicodeScalarView(entry.id.unicodeScalars.prefix(FieldRules.nameMax))),
            contextWindow: context ?? guessedContextWindow, maxOutputTokens: output ?? guessedMaxOutputTokens,
            limitsGuessed: context == nil || output == nil, costInputPerMillion: prices?.costInputPerMillion.map(double),
            costOutputPerMillion: prices?.costOutputPerMillion.map(double), upstreamModel: entry.upstreamModel,
            sizeBytes: entry.sizeBytes)
    }

    private static func discovered(_ model: CatalogModel, listed: ListedModel?) -> DiscoveredModel {
        DiscoveredModel(
            apiName: model.apiName, modelID: model.id, name: model.name, contextWindow: model.contextWindow,
            maxOutputTokens: model.maxOutputTokens, limitsGuessed: model.limitsGuessed, costInputPerMillion: model.costInputPerMillion,
            costOutputPerMillion: model.costOutputPerMillion, upstreamModel: listed?.upstreamModel, sizeBytes: listed?.sizeBytes,
            status: model.status)
    }

    /// PriceValues keeps prices as exact decimals of at most six places, which a Double carries.
    private static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
