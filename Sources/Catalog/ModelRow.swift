import Foundation
import HangarCore
import SQLKit

/// How a catalog model maps to the `models` table (joined with its provider).
enum ModelRow {
    static let select: SQLQueryString = """
        SELECT m.id, m.provider_id, p.kind AS provider_kind, m.kind, m.name, m.api_name,
               m.context_window, m.max_output_tokens, m.temperature_default, m.is_builtin, m.status,
               m.replacement_model_id, m.cost_input_per_million, m.cost_output_per_million,
               m.last_used_at, m.hf_repo, m.hf_revision, m.model_file, m.download_status,
               m.downloaded, m.downloaded_at, m.local_path, m.file_size_bytes, m.checksum, m.gguf,
               m.download_error, m.deployed_from, m.deprecation_date, m.successor_api_name, m.price_source,
               m.price_synced_at, m.limits_guessed, m.sort_name, m.created_at, m.updated_at,
               CASE WHEN m.kind <> 'local' THEN NULL WHEN m.hf_token_secret IS NULL THEN 0 ELSE 1 END
                   AS hf_token_configured,
               CASE WHEN p.default_model_id = m.id THEN 1 ELSE 0 END AS is_default
        FROM models m JOIN providers p ON p.id = m.provider_id
        """

    static func decode(_ row: any SQLRow) throws -> CatalogModel {
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        return CatalogModel(
            id: try row.decode(column: "id", as: String.self),
            providerID: try row.decode(column: "provider_id", as: String.self),
            providerKind: try enumValue(row, "provider_kind"),
            kind: try enumValue(row, "kind"),
            name: try row.decode(column: "name", as: String.self),
            apiName: try row.decode(column: "api_name", as: String.self),
            contextWindow: try row.decode(column: "context_window", as: Int.self),
            maxOutputTokens: try row.decode(column: "max_output_tokens", as: Int.self),
            temperatureDefault: try row.decode(column: "temperature_default", as: Double.self),
            isBuiltin: try row.decode(column: "is_builtin", as: Bool.self),
            isDefault: try row.decode(column: "is_default", as: Int.self) == 1,
            status: try enumValue(row, "status"),
            replacementModelID: try text("replacement_model_id"),
            costInputPerMillion: try text("cost_input_per_million").flatMap(Double.init),
            costOutputPerMillion: try text("cost_output_per_million").flatMap(Double.init),
            lastUsedAt: try text("last_used_at"),
            hfRepo: try text("hf_repo"),
            hfRevision: try text("hf_revision"),
            modelFile: try text("model_file"),
            downloadStatus: try text("download_status").flatMap(DownloadStatus.init(rawValue:)),
            downloaded: try row.decode(column: "downloaded", as: Bool?.self),
            downloadedAt: try text("downloaded_at"),
            localPath: try text("local_path"),
            fileSizeBytes: try row.decode(column: "file_size_bytes", as: Int64?.self),
            checksum: try text("checksum"),
            gguf: try text("gguf").flatMap { try? JSONDecoder().decode(GGUFMetadata.self, from: Data($0.utf8)) },
            hfTokenConfigured: try row.decode(column: "hf_token_configured", as: Int?.self).map { $0 == 1 },
            downloadError: try text("download_error"),
            deployedFrom: try text("deployed_from"),
            deprecationDate: try text("deprecation_date"),
            successorAPIName: try text("successor_api_name"),
            priceSource: try text("price_source"),
            priceSyncedAt: try text("price_synced_at"),
            limitsGuessed: try row.decode(column: "limits_guessed", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }

    private static func enumValue<E: RawRepresentable>(_ row: any SQLRow, _ column: String) throws -> E where E.RawValue == String {
        let raw = try row.decode(column: column, as: String.self)
        guard let value = E(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown \(column) '\(raw)'"))
        }
        return value
    }

    /// Column values of a model, as written by INSERT and UPDATE.
    static func values(_ model: CatalogModel) -> [(String, any Encodable & Sendable)] {
        let gguf = model.gguf.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        return [
            ("id", model.id),
            ("provider_id", model.providerID),
            ("kind", model.kind.rawValue),
            ("name", model.name),
            ("api_name", model.apiName),
            ("context_window", model.contextWindow),
            ("max_output_tokens", model.maxOutputTokens),
            ("temperature_default", model.temperatureDefault),
            ("is_builtin", model.isBuiltin),
            ("status", model.status.rawValue),
            ("replacement_model_id", model.replacementModelID),
            ("cost_input_per_million", model.costInputPerMillion.map(Decimals.canonical)),
            ("cost_output_per_million", model.costOutputPerMillion.map(Decimals.canonical)),
            ("last_used_at", model.lastUsedAt),
            ("hf_repo", model.hfRepo),
            ("hf_revision", model.hfRevision),
            ("model_file", model.modelFile),
            ("download_status", model.downloadStatus?.rawValue),
            ("downloaded", model.downloaded),
            ("downloaded_at", model.downloadedAt),
            ("local_path", model.localPath),
            ("file_size_bytes", model.fileSizeBytes),
            ("checksum", model.checksum),
            ("gguf", gguf),
            ("download_error", model.downloadError),
            ("deployed_from", model.deployedFrom),
            ("deprecation_date", model.deprecationDate),
            ("successor_api_name", model.successorAPIName),
            ("price_source", model.priceSource),
            ("price_synced_at", model.priceSyncedAt),
            ("limits_guessed", model.limitsGuessed),
            ("sort_name", sortName(model.name)),
            ("search_text", searchText(model)),
            ("created_at", model.createdAt),
            ("updated_at", model.updatedAt),
        ]
    }

    static func sortName(_ name: String) -> String { name.lowercased() }

    static func searchText(_ model: CatalogModel) -> String {
        [model.name, model.apiName, model.hfRepo ?? "", model.modelFile ?? ""].joined(separator: "\n").lowercased()
    }
}

/// Prices are exact decimals with at most 6 decimal places (a millionth of a dollar per
/// million tokens), stored as canonical decimal text, never as binary floats.
public enum Decimals {
    public static func canonical(_ value: Double) -> String {
        let micros = (value * 1_000_000).rounded()
        guard micros.isFinite else { return "0" }
        var text = String(format: "%.6f", micros / 1_000_000)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension Decimals {
    /// A stored price as the exact decimal it stands for, so cost arithmetic never sees binary
    /// fractions (0.15 is 0.15, not 0.1499999…).
    /// The value rounded to micro-units, as `canonical` writes it: built from the integer count
    /// of micro-units (a string round trip cost 2 µs on every gateway call).
    public static func exact(_ value: Double) -> Decimal {
        let micros = (value * 1_000_000).rounded()
        guard micros.isFinite, micros.magnitude < 9e15 else {
            return Decimal(string: canonical(value), locale: Locale(identifier: "en_US_POSIX")) ?? 0
        }
        return Decimal(sign: micros < 0 ? .minus : .plus, exponent: -6, significand: Decimal(UInt64(micros.magnitude)))
    }
}
