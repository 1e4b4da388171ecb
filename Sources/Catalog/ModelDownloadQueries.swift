import Foundation
import HangarCore
import SQLKit

/// The download columns of a local model, written on their own so a download finishing never
/// overwrites an admin's edit of the other fields (and the other way round).
public struct DownloadRecord: Sendable, Hashable {
    public var status: DownloadStatus
    public var downloaded: Bool
    public var downloadedAt: String?
    public var localPath: String?
    public var fileSizeBytes: Int64?
    public var checksum: String?
    public var gguf: GGUFMetadata?
    public var error: String?

    public init(
        status: DownloadStatus, downloaded: Bool, downloadedAt: String? = nil, localPath: String? = nil,
        fileSizeBytes: Int64? = nil, checksum: String? = nil, gguf: GGUFMetadata? = nil, error: String? = nil
    ) {
        self.status = status
        self.downloaded = downloaded
        self.downloadedAt = downloadedAt
        self.localPath = localPath
        self.fileSizeBytes = fileSizeBytes
        self.checksum = checksum
        self.gguf = gguf
        self.error = error
    }

    /// Nothing on disk yet (or any more).
    public static func notDownloaded(_ status: DownloadStatus, error: String? = nil) -> DownloadRecord {
        DownloadRecord(status: status, downloaded: false, error: error)
    }
}

public enum ModelDownloadQueries {
    /// Writes every download column; returns false when the model no longer exists.
    @discardableResult
    public static func set(_ record: DownloadRecord, modelID: String, on sql: any SQLDatabase) async throws -> Bool {
        let gguf = record.gguf.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        let rows = try await sql.raw(
            """
            UPDATE models SET download_status = \(bind: record.status.rawValue), downloaded = \(bind: record.downloaded),
                downloaded_at = \(bind: record.downloadedAt), local_path = \(bind: record.localPath),
                file_size_bytes = \(bind: record.fileSizeBytes), checksum = \(bind: record.checksum),
                gguf = \(bind: gguf), download_error = \(bind: record.error), updated_at = \(bind: Timestamp.now())
            WHERE id = \(bind: modelID) AND kind = 'local' RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Changes only the status (and error), keeping what is known about the file.
    @discardableResult
    /// With `unlessDownloaded`, a model whose file is recorded as downloaded keeps that status.
    public static func setStatus(
        _ status: DownloadStatus, error: String? = nil, modelID: String, unlessDownloaded: Bool = false,
        on sql: any SQLDatabase
    ) async throws -> Bool {
        let guardClause: SQLQueryString = unlessDownloaded ? " AND download_status <> 'downloaded'" : ""
        let rows = try await sql.raw(
            """
            UPDATE models SET download_status = \(bind: status.rawValue), download_error = \(bind: error),
                updated_at = \(bind: Timestamp.now())
            WHERE id = \(bind: modelID) AND kind = 'local'\(guardClause) RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    public static func sealedHFToken(modelID: String, on sql: any SQLDatabase) async throws -> String? {
        guard SQLText.storable(modelID) else { return nil }
        let row = try await sql.raw("SELECT hf_token_secret FROM models WHERE id = \(bind: modelID)").first()
        return try row?.decode(column: "hf_token_secret", as: String?.self)
    }

    public static func setSealedHFToken(_ sealed: String?, modelID: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE models SET hf_token_secret = \(bind: sealed) WHERE id = \(bind: modelID)").run()
    }

    /// Every local model, for the startup check of files on disk.
    public static func localModels(on sql: any SQLDatabase) async throws -> [CatalogModel] {
        try await sql.raw(ModelRow.select + " WHERE m.kind = 'local' ORDER BY m.id").all().map(ModelRow.decode)
    }
}
