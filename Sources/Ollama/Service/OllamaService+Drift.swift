import HangarCore

extension OllamaService {
    /// Every enabled Ollama connection (or the ones named, each checked first) against its
    /// pins. Each server is asked afresh, all at once; one that cannot be asked is reported
    /// unreachable with its error and never fails the whole report.
    public func drift(providerIDs: [String]? = nil) async throws -> OllamaDrift {
        let checkedAt = Timestamp.now()
        var providers = try await catalog.providers().filter { $0.kind == .ollama && $0.enabled }
        if let providerIDs {
            let wanted = try await checkedServers(providerIDs)
            providers = wanted.compactMap { id in providers.first { $0.id == id } }
        } else {
            providers.sort { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
        }
        let pins = try await database.read { sql in try await DesiredQueries.all(on: sql) }
        let pinned = Dictionary(grouping: pins, by: \.providerID).mapValues { $0.map(\.model) }
        let names = Dictionary(uniqueKeysWithValues: providers.map { ($0.id, $0.name) })
        let servers = await Self.eachInOrder(providers.map(\.id)) { providerID in
            await self.serverDrift(providerID: providerID, name: names[providerID] ?? providerID, pins: pinned[providerID] ?? [])
        }
        return OllamaDrift(checkedAt: checkedAt, servers: servers)
    }

    private func serverDrift(providerID: String, name: String, pins: [String]) async -> OllamaServerDrift {
        let installed: [OllamaModel]
        do {
            installed = try await models(providerID: providerID, refresh: true).models
        } catch {
            return OllamaServerDrift(providerID: providerID, providerName: name, reachable: false, error: Self.fleetError(error))
        }
        let wanted = pins.compactMap { pin in (try? OllamaName(pin)).map { (pin, $0) } }
        func pinned(_ model: OllamaModel) -> Bool {
            guard let parsed = try? OllamaName(model.name) else { return false }
            return wanted.contains { $0.1.sameModel(as: parsed) }
        }
        func installedCopy(of pin: OllamaName) -> OllamaModel? {
            installed.first { (try? OllamaName($0.name))?.sameModel(as: pin) == true }
        }
        var drift = OllamaServerDrift(providerID: providerID, providerName: name, reachable: true)
        for (pin, parsed) in wanted {
            guard let model = installedCopy(of: parsed) else {
                drift.missing.append(pin)
                continue
            }
            // `models` attaches a check only when it was made for the digest installed now.
            if model.update?.status == .updateAvailable { drift.outdated.append(pin) }
        }
        drift.unexpected = installed.filter { !pinned($0) }.map(\.name).sorted()
        return drift
    }
}
