import Foundation
import HangarCore
import Logging
import Storage

/// `hangar backup FILE`: one tar file with the SQLite database copied while the server runs,
/// the finished model files, and, when asked, the secret key and the admin token. Written
/// beside FILE and renamed into place, so FILE is either the whole backup or absent.
public struct BackupWriter: Sendable {
    public struct Sources: Sendable {
        public var databasePath: String
        public var modelsDirectory: String
        /// The key file's path, or the key itself when it comes from HANGAR_SECRET_KEY.
        public var secretKey: SecretKeySource?
        public var adminTokenPath: String?

        public init(databasePath: String, modelsDirectory: String, secretKey: SecretKeySource?, adminTokenPath: String?) {
            self.databasePath = databasePath
            self.modelsDirectory = modelsDirectory
            self.secretKey = secretKey
            self.adminTokenPath = adminTokenPath
        }
    }

    public enum SecretKeySource: Sendable {
        case file(String)
        case value(String)
    }

    public let sources: Sources
    public let includeModels: Bool
    let logger: Logger

    public init(sources: Sources, includeModels: Bool = true, logger: Logger = Logger(label: "hangar.backup")) {
        self.sources = sources
        self.includeModels = includeModels
        self.logger = logger
    }

    public func write(to file: String) async throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: sources.databasePath) else {
            throw BackupError(
                "There is no database at \(sources.databasePath). Point --data-dir (or HANGAR_DATA_DIR) at the directory `hangar serve` uses."
            )
        }
        let folder = (file as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw BackupError("There is no folder \(folder) to write \(file) in; create it first.")
        }
        let models = includeModels ? try ModelFiles.list(sources.modelsDirectory) : []
        let partial = file + ".partial-\(UUID().uuidString.prefix(8))"
        let databaseCopy = partial + ".sqlite"
        defer {
            try? FileManager.default.removeItem(atPath: partial)
            try? FileManager.default.removeItem(atPath: databaseCopy)
        }
        let store = try await SQLiteStore.open(path: sources.databasePath, readers: 1, logger: logger)
        do {
            try await store.copy(to: databaseCopy)
        } catch {
            await store.close()
            throw BackupError("Hangar could not copy the database \(sources.databasePath): \(error)")
        }
        await store.close()

        let secretKey: Data? =
            switch sources.secretKey {
            case .file(let path)?: FileManager.default.contents(atPath: path)
            case .value(let base64)?: Data((base64 + "\n").utf8)
            case nil: nil
            }
        let adminToken = sources.adminTokenPath.flatMap { FileManager.default.contents(atPath: $0) }
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat, hangarVersion: BuildInfo.current.version, createdAt: Timestamp.now(),
            includesSecretKey: secretKey != nil, includesAdminToken: adminToken != nil, modelFiles: models.count,
            modelBytes: models.reduce(0) { $0 + $1.size })

        // Owner-only from the first byte: it may hold the key and the token.
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: partial)
        else {
            throw BackupError("Hangar cannot write \(file): check that its folder exists and is writable.")
        }
        do {
            defer { try? handle.close() }
            let tar = TarWriter(handle: handle)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try tar.add(name: BackupManifest.entryName, data: try encoder.encode(manifest))
            try tar.addFile(name: BackupManifest.databaseName, path: databaseCopy, mode: 0o600)
            if let secretKey { try tar.add(name: BackupManifest.secretKeyName, data: secretKey, mode: 0o600) }
            if let adminToken { try tar.add(name: BackupManifest.adminTokenName, data: adminToken, mode: 0o600) }
            for model in models {
                try tar.addFile(name: BackupManifest.modelsFolder + "/" + model.relativePath, path: model.path)
            }
            try tar.finish()
            try handle.synchronize()
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError("Hangar could not write \(file): \(error). Check the free space where it goes.")
        }
        guard rename(partial, file) == 0 else {
            throw BackupError("Hangar could not move the backup to \(file): \(String(cString: strerror(errno))).")
        }
        return manifest
    }
}

/// The files of the models directory worth keeping: finished downloads and files put there by
/// hand, not a download's `.part` file nor hidden files.
enum ModelFiles {
    struct File: Equatable {
        let relativePath: String
        let path: String
        let size: Int64
    }

    static func list(_ directory: String) throws -> [File] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [File] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix("."), !name.hasSuffix(".part") else { continue }
            let path = root + "/" + relative
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            files.append(File(relativePath: relative, path: path, size: (attributes[.size] as? NSNumber)?.int64Value ?? 0))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }
}
