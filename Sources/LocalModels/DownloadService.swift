import Catalog
import Foundation
import HangarCore
import Jobs
import Logging

/// The local-model use cases of seed 001: create with `download_now`, start (idempotent),
/// cancel, status, and delete with the file.
public struct DownloadService: Sendable {
    public static let jobKind = "download"

    public let catalog: CatalogService
    public let jobs: JobQueue
    public let settings: LocalModelSettings

    public init(catalog: CatalogService, jobs: JobQueue, settings: LocalModelSettings) {
        self.catalog = catalog
        self.jobs = jobs
        self.settings = settings
    }

    /// The token to browse the Hub with: `modelID`'s own, else the server's (HANGAR_HF_TOKEN).
    public func hubToken(modelID: String?) async throws -> String? {
        guard let modelID else { return settings.hubToken }
        _ = try await catalog.model(id: modelID)
        return try await catalog.hfToken(ofModel: modelID) ?? settings.hubToken
    }

    public static func target(ofModel id: String) -> String { JobTarget.model(id: id).string }

    public static func modelID(ofTarget target: String) -> String? { JobTarget(target)?.modelID }

    /// Inserts the model, then enqueues its download when the draft asks for it. A new model has
    /// no file yet, so it is enqueued as it is; it is read again only because the enqueue marks
    /// it as downloading.
    public func createModel(_ draft: ModelDraft) async throws -> CatalogModel {
        let model = try await catalog.createModel(draft)
        guard draft.downloadNow == true else { return model }
        _ = try await jobs.enqueue(kind: Self.jobKind, target: Self.target(ofModel: model.id))
        return try await catalog.model(id: model.id)
    }

    /// Enqueues the download, or returns the active one. `accepted` is false when the file is
    /// already downloaded and nothing started.
    public func start(modelID: String) async throws -> (state: DownloadState, accepted: Bool) {
        let model = try await localModel(modelID)
        if model.downloaded == true, model.downloadStatus == .downloaded {
            return (try await state(of: model), false)
        }
        let (job, _) = try await jobs.enqueue(kind: Self.jobKind, target: Self.target(ofModel: modelID))
        return (try await state(of: try await catalog.model(id: modelID), job: job), true)
    }

    /// Cancels the active download, keeping the partial file so a later start resumes.
    public func cancel(modelID: String) async throws -> DownloadState {
        let model = try await localModel(modelID)
        guard let active = try await jobs.activeJob(kind: Self.jobKind, target: Self.target(ofModel: modelID)) else {
            return try await state(of: model)
        }
        let job = try await jobs.cancel(id: active.id) ?? active
        return try await state(of: try await catalog.model(id: modelID), job: job)
    }

    public func state(modelID: String) async throws -> DownloadState {
        try await state(of: try await localModel(modelID))
    }

    /// Deletes the model (the catalog's rules apply first), stops its download, and removes its
    /// file and partial file when asked.
    public func deleteModel(id: String, deleteLocalFile: Bool) async throws {
        let model = try await catalog.model(id: id)
        try await catalog.deleteModel(id: id)
        guard model.kind == .local else { return }
        if let active = try await jobs.activeJob(kind: Self.jobKind, target: Self.target(ofModel: id)) {
            _ = try await jobs.cancel(id: active.id)
        }
        guard deleteLocalFile else { return }
        for path in filePaths(of: model) {
            for candidate in [path, path + ".part"] where FileManager.default.fileExists(atPath: candidate) {
                try? FileManager.default.removeItem(atPath: candidate)
            }
        }
    }

    /// Where the model's file lives, confined to the models directory; nil for a path that
    /// would leave it. A split model's first part.
    func filePath(of model: CatalogModel) -> String? { filePaths(of: model).first }

    /// Every file of the model (each part of a split one); empty when a path would leave the
    /// models directory.
    func filePaths(of model: CatalogModel) -> [String] {
        guard let repo = model.hfRepo, let file = model.modelFile else { return [] }
        let references = ModelParts.references(HubFileReference(repo: repo, revision: model.hfRevision ?? "main", file: file))
        let paths = references.compactMap { try? ModelPaths.localPath(modelsDirectory: settings.modelsDirectory, file: $0) }
        return paths.count == references.count ? paths : []
    }

    private func localModel(_ id: String) async throws -> CatalogModel {
        let model = try await catalog.model(id: id)
        guard model.kind == .local else {
            throw HangarError(
                .conflict, code: .notALocalModel,
                message: "'\(model.name)' is a hosted model; only local models have downloads.")
        }
        return model
    }

    private func state(of model: CatalogModel, job: Job? = nil) async throws -> DownloadState {
        let job = try await jobOrLatest(job, modelID: model.id)
        let progress = job?.progress
        let failed = job?.state == .failed
        return DownloadState(
            modelID: model.id, downloadStatus: model.downloadStatus ?? .pending, downloaded: model.downloaded ?? false,
            jobID: job?.id, jobState: job?.state, bytesDone: progress?.bytesDone, bytesTotal: progress?.bytesTotal,
            percent: progress?.percent, bytesPerSecond: job?.state == .running ? progress?.bytesPerSecond : nil,
            etaSeconds: job?.state == .running ? progress?.etaSeconds : nil,
            errorCode: failed ? job?.errorCode : nil, errorMessage: failed ? job?.errorMessage : model.downloadError,
            localPath: model.localPath, checksum: model.checksum)
    }

    private func jobOrLatest(_ job: Job?, modelID: String) async throws -> Job? {
        if let job { return job }
        return try await jobs.latestJob(kind: Self.jobKind, target: Self.target(ofModel: modelID))
    }
}
