import Foundation

/// The first entry of a backup: what it holds, so that `restore` can check a file before it
/// writes anything.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// Bumped when the layout changes; a restore refuses formats it does not know.
    public static let currentFormat = 1
    public static let entryName = "hangar-backup.json"
    public static let databaseName = "hangar.sqlite"
    public static let secretKeyName = "secret-key"
    public static let adminTokenName = "admin-token"
    public static let modelsFolder = "models"

    public var format: Int
    public var hangarVersion: String
    public var createdAt: String
    public var includesSecretKey: Bool
    public var includesAdminToken: Bool
    public var modelFiles: Int
    public var modelBytes: Int64

    enum CodingKeys: String, CodingKey {
        case format
        case hangarVersion = "hangar_version"
        case createdAt = "created_at"
        case includesSecretKey = "includes_secret_key"
        case includesAdminToken = "includes_admin_token"
        case modelFiles = "model_files"
        case modelBytes = "model_bytes"
    }

    /// Entry names a backup may hold: anything else (an absolute path, `..`, another file)
    /// is refused, so a crafted archive cannot write outside the data directory.
    static func isAllowed(_ name: String) -> Bool {
        if [entryName, databaseName, secretKeyName, adminTokenName].contains(name) { return true }
        guard name.hasPrefix(modelsFolder + "/") else { return false }
        let segments = name.dropFirst(modelsFolder.count + 1).split(separator: "/", omittingEmptySubsequences: false)
        return !segments.isEmpty && segments.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") }
    }
}

/// Why a backup or a restore stopped, with what to do about it.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
