import Catalog
import HangarCore

extension DiscoveryService {
    /// The most entries one list of an apply takes.
    public static let maxEntries = 500

    /// Lists the connection again, then adds the `add` API names it serves that the catalog
    /// lacks and deprecates the `deprecate` models (API names or ids of its active models), in
    /// one transaction. Any bad entry is a 422 naming it (`add[1]`) and changes nothing.
    public func apply(providerID: String, _ request: DiscoveryApplyRequest) async throws -> DiscoveryApplyResult {
        let add = request.add ?? []
        let deprecate = request.deprecate ?? []
        try Self.check(add: add, deprecate: deprecate)
        let (provider, proposal, priceSource) = try await listing(providerID: providerID)
        // Names as the connection's kind matches them (Ollama's `x` is `x:latest`).
        let same = { (a: String, b: String) in
            DiscoveryProposal.matchKey(a, kind: provider.kind) == DiscoveryProposal.matchKey(b, kind: provider.kind)
        }
        var fields: [String: FieldError] = [:]
        var additions: [CatalogService.DiscoveryAddition] = []
        for (index, apiName) in add.enumerated() {
            if let entry = proposal.new.first(where: { $0.apiName == apiName }) {
                additions.append(
                    CatalogService.DiscoveryAddition(
                        apiName: entry.apiName, name: entry.name, contextWindow: entry.contextWindow,
                        maxOutputTokens: entry.maxOutputTokens, costInputPerMillion: entry.costInputPerMillion,
                        costOutputPerMillion: entry.costOutputPerMillion, limitsGuessed: entry.limitsGuessed,
                        priceSource: Self.fromData(entry) ? priceSource : nil))
            } else if proposal.present.contains(where: { same($0.apiName, apiName) }) {
                fields["add[\(index)]"] = .duplicate("This model is already in the catalog.")
            } else {
                fields["add[\(index)]"] = .notFound("This connection does not serve a model with this API name.")
            }
        }
        let active = (proposal.gone + proposal.present).filter { $0.status == .active }
        var modelIDs: [String] = []
        for (index, entry) in deprecate.enumerated() {
            guard let model = active.first(where: { $0.modelID == entry }) ?? active.first(where: { same($0.apiName, entry) }),
                let id = model.modelID
            else {
                fields["deprecate[\(index)]"] = .notFound("No active model of this connection has this API name or id.")
                continue
            }
            if modelIDs.contains(id) {
                fields["deprecate[\(index)]"] = .duplicate("This model is already named earlier in the list.")
            } else {
                modelIDs.append(id)
            }
        }
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        return try await catalog.applyDiscovery(providerID: proposal.providerID, add: additions, deprecate: modelIDs)
    }

    /// Whether the price data gave the entry anything (otherwise its values are Hangar's guesses).
    static func fromData(_ entry: DiscoveredModel) -> Bool {
        !entry.limitsGuessed || entry.costInputPerMillion != nil || entry.costOutputPerMillion != nil
    }

    /// The shape of the request, before anything is listed.
    static func check(add: [String], deprecate: [String]) throws {
        var fields: [String: FieldError] = [:]
        if add.isEmpty, deprecate.isEmpty {
            fields["add"] = .required("Name at least one API name to add or one model to deprecate.")
        }
        for (name, list) in [("add", add), ("deprecate", deprecate)] {
            if list.count > maxEntries {
                fields[name] = .tooLong(max: maxEntries, "At most \(maxEntries) entries at once.")
                continue
            }
            var seen: Set<String> = []
            for (index, entry) in list.enumerated() {
                if let problem = FieldError.length(of: entry, max: 128, "Each entry must be 1 to 128 characters.") {
                    fields["\(name)[\(index)]"] = problem
                } else if !seen.insert(entry).inserted {
                    fields["\(name)[\(index)]"] = .duplicate("This entry is already named earlier in the list.")
                }
            }
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
    }
}
