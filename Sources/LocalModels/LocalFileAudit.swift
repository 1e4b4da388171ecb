import Catalog
import Foundation
import HangarCore
import Jobs
import Logging

/// Makes each local model's download status tell the truth about the disk at startup: a file
/// present with a valid GGUF header is `downloaded` (the builtin Qwen model dropped into the
/// models directory by hand counts), a recorded file that is gone or invalid is not.
public struct LocalFileAudit: Sendable {
    let service: DownloadService
    let logger: Logger

    public init(service: DownloadService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    public func run() async throws {
        let models = try await service.catalog.database.read { sql in try await ModelDownloadQueries.localModels(on: sql) }
        for model in models {
            if try await service.jobs.activeJob(kind: DownloadService.jobKind, target: DownloadService.target(ofModel: model.id)) != nil {
                continue
            }
            guard let record = check(model) else { continue }
            if try await service.catalog.recordDownload(record, modelID: model.id) {
                logger.info("local model file checked", metadata: ["model": "\(model.id)", "status": "\(record.status.rawValue)"])
            }
        }
    }

    /// The recorded file is at `path`, or at the same place under another models directory: a
    /// data directory restored from a backup or moved keeps its verified checksums.
    func samePlace(_ recorded: String?, _ path: String) -> Bool {
        guard let recorded else { return false }
        if recorded == path { return true }
        let root = URL(fileURLWithPath: service.settings.modelsDirectory).standardizedFileURL.path
        guard path.hasPrefix(root + "/") else { return false }
        // "/<repo owner>/<repo>/<revision>/<file>": specific enough to name one download.
        return recorded.hasSuffix(String(path.dropFirst(root.count)))
    }

    /// The record to write, or nil when the stored one already matches the disk.
    func check(_ model: CatalogModel) -> DownloadRecord? {
        let paths = service.filePaths(of: model)
        guard let path = paths.first else { return nil }
        // A split model is there only when every part is; its size is theirs together.
        let sizes = paths.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? NSNumber)?.int64Value }
        let size = sizes.contains(nil) ? nil : sizes.reduce(Int64(0)) { $0 + ($1 ?? 0) }
        let gguf = size == nil ? nil : try? GGUFReader.read(path: path)
        if let size, let gguf {
            if model.downloaded == true, model.fileSizeBytes == size, model.localPath == path { return nil }
            // Found on disk without a download record: the checksum is unknown until Hangar downloads it.
            let sameFile = model.fileSizeBytes == size && samePlace(model.localPath, path)
            return DownloadRecord(
                status: .downloaded, downloaded: true, downloadedAt: model.downloadedAt ?? Timestamp.now(),
                localPath: path, fileSizeBytes: size, checksum: sameFile ? model.checksum : nil, gguf: gguf)
        }
        guard model.downloaded == true || model.downloadStatus == .downloaded || model.downloadStatus == .downloading else {
            return nil
        }
        let reason =
            size == nil
            ? (paths.count > 1
                ? "A part of the model is no longer in the models directory; download it again."
                : "The file is no longer in the models directory; download it again.")
            : "The file in the models directory is not a valid GGUF model; download it again."
        return .notDownloaded(model.downloadStatus == .downloading ? .pending : .failed, error: reason)
    }
}
