import Catalog
import HangarCore

extension OllamaService {
    /// The catalog models of this connection, each matched against the server's list by
    /// Ollama's name rules (`llama3.2` is `llama3.2:latest`).
    public func catalogModels(providerID: String) async throws -> OllamaCatalogList {
        let installed = try await models(providerID: providerID).models
        let names = installed.compactMap { model in (try? OllamaName(model.name)).map { ($0, model.name) } }
        var query = ModelListQuery()
        query.providerID = providerID
        query.limit = 500
        let catalogModels = try await catalog.listModels(query).items
        let entries = catalogModels.map { model in
            let wanted = try? OllamaName(model.apiName)
            let match = wanted.flatMap { wanted in names.first { $0.0.sameModel(as: wanted) }?.1 }
            return OllamaCatalogEntry(
                modelID: model.id, name: model.name, apiName: model.apiName, status: model.status.rawValue,
                installed: match != nil, installedName: match)
        }
        return OllamaCatalogList(providerID: providerID, models: entries)
    }
}
