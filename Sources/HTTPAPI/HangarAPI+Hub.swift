import HangarCore
import HangarOpenAPI
import LocalModels

extension HangarAPI {
    func searchHub(_ input: Operations.SearchHub.Input) async throws -> Operations.SearchHub.Output {
        let token = try await live.downloads.hubToken(modelID: input.query.modelId)
        return .ok(.init(body: .json(try await hub.search(input.query.q ?? "", limit: input.query.limit ?? 30, token: token))))
    }

    func listHubFiles(_ input: Operations.ListHubFiles.Input) async throws -> Operations.ListHubFiles.Output {
        let token = try await live.downloads.hubToken(modelID: input.query.modelId)
        return .ok(.init(body: .json(try await hub.files(repo: input.query.repo, revision: input.query.revision ?? "main", token: token))))
    }

    /// Through the outbound client that trusts HANGAR_CA_BUNDLE, as every other upstream call.
    var hub: HubCatalog { HubCatalog(settings: live.downloads.settings, client: live.upstream.standard) }
}
