import Foundation
import HangarCore

extension OllamaService {
    /// A pin's model name: as Ollama lists it, lowercased, like pull targets, so that
    /// `llama3.2` and `Llama3.2:latest` are one pin.
    static func pinName(_ name: OllamaName) -> String {
        name.shortest.lowercased()
    }

    /// Replaces the model's pin set with `request.providerIDs` (each an enabled Ollama
    /// connection; empty removes the pin). Everything is checked before anything is written.
    public func setDesired(_ request: OllamaDesiredRequest) async throws -> OllamaDesiredModel {
        let model = Self.pinName(try Self.name(request.model))
        let providers = Self.distinct(request.providerIDs)
        if providers.count > Self.maxFleetServers {
            throw HangarError.validation(["provider_ids": .invalid("Name at most \(Self.maxFleetServers) Ollama connections.")])
        }
        for providerID in providers { _ = try await server(of: providerID) }
        let now = Timestamp.now()
        try await database.write { sql in
            try await DesiredQueries.replace(model: model, providerIDs: providers, now: now, on: sql)
        }
        return OllamaDesiredModel(model: model, providerIDs: providers.sorted(), updatedAt: providers.isEmpty ? nil : now)
    }

    /// Every pinned model with its servers, by name.
    public func desired() async throws -> OllamaDesiredList {
        let pins = try await database.read { sql in try await DesiredQueries.all(on: sql) }
        let byModel = Dictionary(grouping: pins, by: \.model)
        let items = byModel.keys.sorted().map { model in
            let rows = byModel[model] ?? []
            return OllamaDesiredModel(model: model, providerIDs: rows.map(\.providerID).sorted(), updatedAt: rows.map(\.updatedAt).max())
        }
        return OllamaDesiredList(items: items)
    }

    static let maxFleetServers = 50

    /// The ids in their first order, each once.
    static func distinct(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    static func newGroupID() -> String { UUID().uuidString.lowercased() }
}
