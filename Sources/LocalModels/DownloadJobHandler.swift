import Catalog
import Foundation
import HangarCore
import Jobs
import Logging
import Storage

/// Runs `download` jobs: fetches a local model's file from the Hub into the models directory,
/// reads its GGUF header, and keeps the model's download columns in step with the job.
public struct DownloadJobHandler: JobHandler {
    public let kind = DownloadService.jobKind
    public var concurrency: Int { get async { await settings.currentConcurrency() } }

    let catalog: CatalogService
    let settings: LocalModelSettings
    let downloader: HubDownloader
    let logger: Logger

    /// `downloader` defaults to one on the system's trust roots with `settings`' policy.
    public init(
        catalog: CatalogService, settings: LocalModelSettings, downloader: HubDownloader? = nil, logger: Logger
    ) {
        self.catalog = catalog
        self.settings = settings
        self.downloader = downloader ?? HubDownloader(policy: settings.policy, logger: logger)
        self.logger = logger
    }

    public func run(_ context: JobContext) async throws {
        guard let modelID = DownloadService.modelID(ofTarget: context.job.target) else {
            throw JobFailure(code: .invalidTarget, message: "This download job does not name a model.")
        }
        do {
            try await download(modelID: modelID, context: context)
        } catch let failure as JobFailure {
            // Recorded before the job's own `failed` event goes out, so a client that reacts to
            // that event already reads the failed model.
            try? await setStatus(.failed, error: failure.message, modelID: modelID)
            throw failure
        }
    }

    private func download(modelID: String, context: JobContext) async throws {
        let model: CatalogModel
        do {
            model = try await catalog.model(id: modelID)
        } catch let error as HangarError where error.kind == .notFound {
            throw JobFailure(code: .modelNotFound, message: "The model of this download was deleted.")
        }
        guard model.kind == .local, let repo = model.hfRepo, let file = model.modelFile else {
            throw JobFailure(code: .notALocalModel, message: "'\(model.name)' is not a local model; only local models download files.")
        }
        let references = ModelParts.references(HubFileReference(repo: repo, revision: model.hfRevision ?? "main", file: file))
        let destinations: [String]
        do {
            destinations = try references.map { try ModelPaths.localPath(modelsDirectory: settings.modelsDirectory, file: $0) }
        } catch {
            throw JobFailure(
                code: .invalidPath, message: "The repository or file name of '\(model.name)' does not make a safe path: \(error)")
        }
        let token: String?
        do {
            token = try await catalog.hfToken(ofModel: modelID) ?? settings.hubToken
        } catch let error as HangarError {
            throw JobFailure(code: error.code, message: error.message)
        } catch {
            // A token that cannot be read, for any reason, is one to set again.
            throw JobFailure(code: HangarError.unreadableHFToken.code, message: HangarError.unreadableHFToken.message)
        }
        try await setStatus(.downloading, modelID: modelID)

        // A split model is downloaded part after part, each verified on its own; the model is
        // `downloaded` only once every part is.
        let endpoint = await settings.currentHubEndpoint()
        var results: [DownloadResult] = []
        for (index, (reference, destination)) in zip(references, destinations).enumerated() {
            let request = HubDownloadRequest(endpoint: endpoint, file: reference, token: token, destination: destination)
            let done = results.reduce(Int64(0)) { $0 + $1.size }
            let part = (index: index, count: references.count, bytesBefore: done)
            do {
                results.append(
                    try await downloader.download(request) { progress in
                        await context.report(JobProgress(progress, part: part))
                    })
            } catch let error as DownloadError {
                let which = references.count > 1 ? " (part \(index + 1) of \(references.count))" : ""
                throw JobFailure(code: error.code.errorCode, message: error.message + which)
            }
        }
        let size = results.reduce(Int64(0)) { $0 + $1.size }
        await context.report(
            JobProgress(
                bytesDone: size, bytesTotal: size, percent: 100, phase: "verifying",
                message: "Reading the GGUF header"))
        let first = results[0]
        let gguf: GGUFMetadata
        do {
            gguf = try GGUFReader.read(path: first.path)
        } catch {
            // The Hub served these exact bytes, but they are no usable model: keep nothing.
            for result in results { try? FileManager.default.removeItem(atPath: result.path) }
            throw JobFailure(
                code: .ggufInvalid,
                message: "The downloaded file is not a valid GGUF model (\(error.message)); check the file name in the repository.")
        }
        // A split model is recorded by its first part; its size is every part's.
        let record = DownloadRecord(
            status: .downloaded, downloaded: true, downloadedAt: Timestamp.now(), localPath: first.path,
            fileSizeBytes: size, checksum: first.sha256, gguf: gguf)
        try await catalog.recordDownload(record, modelID: modelID)
    }

    public func stateChanged(_ job: Job) async {
        guard let modelID = DownloadService.modelID(ofTarget: job.target) else { return }
        do {
            switch job.state {
            case .queued, .running: try await setStatus(.downloading, modelID: modelID)
            case .failed: try await setStatus(.failed, error: job.errorMessage, modelID: modelID)
            case .canceled: try await setStatus(.canceled, modelID: modelID)
            case .succeeded: return
            }
        } catch {
            logger.warning("download status not recorded", metadata: ["model": "\(modelID)", "error": "\(error)"])
        }
    }

    /// A model already downloaded keeps that status: a late `running` notice must not undo it.
    private func setStatus(_ status: DownloadStatus, error: String? = nil, modelID: String) async throws {
        try await catalog.recordDownloadStatus(status, error: error, modelID: modelID, unlessDownloaded: true)
    }
}

extension JobProgress {
    /// One part's progress as the whole model's: the bytes of the parts before it are added, the
    /// total is known once the last part starts, and the percentage counts parts done.
    init(_ progress: DownloadProgress, part: (index: Int, count: Int, bytesBefore: Int64) = (0, 1, 0)) {
        var notes: [String] = []
        if part.count > 1 { notes.append("Part \(part.index + 1) of \(part.count)") }
        if progress.attempt > 1 { notes.append("Attempt \(progress.attempt)") }
        let isLast = part.index == part.count - 1
        self.init(
            bytesDone: part.bytesBefore + progress.bytesDone, bytesTotal: isLast ? progress.bytesTotal.map { part.bytesBefore + $0 } : nil,
            percent: progress.percent.map { (Double(part.index) + $0 / 100) / Double(part.count) * 100 },
            bytesPerSecond: progress.bytesPerSecond, etaSeconds: isLast ? progress.etaSeconds : nil, phase: "downloading",
            message: notes.isEmpty ? nil : notes.joined(separator: " · "))
    }
}
