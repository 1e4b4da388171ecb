import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func startModelDownload(_ input: Operations.StartModelDownload.Input) async throws -> Operations.StartModelDownload.Output {
        let (state, accepted) = try await live.downloads.start(modelID: input.path.id)
        return accepted ? .accepted(.init(body: .json(state))) : .ok(.init(body: .json(state)))
    }

    func cancelModelDownload(_ input: Operations.CancelModelDownload.Input) async throws -> Operations.CancelModelDownload.Output {
        .ok(.init(body: .json(try await live.downloads.cancel(modelID: input.path.id))))
    }

    func getModelDownloadStatus(_ input: Operations.GetModelDownloadStatus.Input) async throws -> Operations.GetModelDownloadStatus.Output {
        .ok(.init(body: .json(try await live.downloads.state(modelID: input.path.id))))
    }
}
