import HangarCore
import SQLKit

/// The writes other modules make to the catalog's rows (download state, last use, an import),
/// through the catalog so that each is announced once, from here, with the row as committed.
extension CatalogService {
    /// Records a download's state; false when the model no longer exists (nothing is announced).
    @discardableResult
    public func recordDownload(_ record: DownloadRecord, modelID: String) async throws -> Bool {
        let written = try await database.write { sql in try await ModelDownloadQueries.set(record, modelID: modelID, on: sql) }
        if written { await announceModel(id: modelID) }
        return written
    }

    /// Changes a download's status only. A model recorded as downloaded keeps that status when
    /// `unlessDownloaded`, so a late `running` notice cannot undo a finished download.
    @discardableResult
    public func recordDownloadStatus(
        _ status: DownloadStatus, error: String? = nil, modelID: String, unlessDownloaded: Bool = false
    ) async throws -> Bool {
        let written = try await database.write { sql in
            try await ModelDownloadQueries.setStatus(status, error: error, modelID: modelID, unlessDownloaded: unlessDownloaded, on: sql)
        }
        if written { await announceModel(id: modelID) }
        return written
    }

    /// Stamps the model's `last_used_at`, in one transaction with `alongside` (the usage record
    /// of the call), so a call is either fully recorded or not at all.
    public func recordUse(
        modelID: String, at time: String, alongside: @Sendable (any SQLDatabase) async throws -> Void = { _ in }
    ) async throws {
        try await database.write { sql in
            try await alongside(sql)
            try await sql.raw("UPDATE models SET last_used_at = \(bind: time) WHERE id = \(bind: modelID)").run()
        }
        await announceModel(id: modelID)
    }

    /// Stamps many models' `last_used_at` in one transaction with `alongside` (a batch of usage
    /// records), and announces only the models in `announcing`: a busy gateway would otherwise
    /// send every open page an event per call.
    public func recordUses(
        _ times: [String: String], announcing: Set<String>, alongside: @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await database.write { sql in
            try await alongside(sql)
            for (modelID, time) in times.sorted(by: { $0.key < $1.key }) {
                try await sql.raw(
                    "UPDATE models SET last_used_at = \(bind: time) WHERE id = \(bind: modelID) AND (last_used_at IS NULL OR last_used_at < \(bind: time))"
                ).run()
            }
        }
        for modelID in announcing.sorted() { await announceModel(id: modelID) }
    }

    /// Announces what an applied import created or changed (its rows were written in the import's
    /// own transaction, with the catalog's queries).
    public func announceImport(_ report: ImportReport) async {
        guard report.applied else { return }
        for item in report.items where item.action != .skip {
            let action: CatalogEvents.Action = item.action == .create ? .created : .updated
            switch item.entity {
            case .provider:
                if let provider = try? await provider(id: item.id) { await events.provider(provider, action) }
            case .model:
                if let model = try? await model(id: item.id) { await events.model(model, action) }
            case .setting:
                continue
            }
        }
    }

    private func announceModel(id: String) async {
        guard let model = try? await model(id: id) else { return }
        await events.model(model, .updated)
    }
}
