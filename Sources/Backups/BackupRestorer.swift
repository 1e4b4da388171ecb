import Foundation
import HangarCore

/// `hangar restore FILE`: checks the whole backup, then writes its files into the data
/// directory. A directory that already holds something is left alone unless `force` is set;
/// then the database and the key and token files are replaced, and model files of the same
/// name overwritten (other models stay).
public struct BackupRestorer: Sendable {
    public let dataDirectory: String
    public let force: Bool

    public init(dataDirectory: String, force: Bool) {
        self.dataDirectory = dataDirectory
        self.force = force
    }

    public func restore(from file: String) throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: file) else { throw BackupError("There is no file \(file).") }
        let archive: TarReader
        do {
            archive = try TarReader(path: file)
        } catch {
            throw BackupError("\(file) is not a Hangar backup: \(error).")
        }
        let manifest = try Self.manifest(of: archive, file: file)
        try checkTarget()
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if force {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: path(of: BackupManifest.databaseName) + suffix)
            }
        }
        for entry in archive.entries where entry.kind == .file && entry.name != BackupManifest.entryName {
            try write(entry, of: archive)
        }
        return manifest
    }

    static func manifest(of archive: TarReader, file: String) throws -> BackupManifest {
        guard let entry = archive[BackupManifest.entryName],
            let manifest = try? JSONDecoder().decode(BackupManifest.self, from: archive.data(of: entry))
        else {
            throw BackupError("\(file) is not a Hangar backup: it has no \(BackupManifest.entryName). Make one with `hangar backup FILE`.")
        }
        guard manifest.format <= BackupManifest.currentFormat else {
            throw BackupError(
                "\(file) was made by Hangar \(manifest.hangarVersion) in a newer format (\(manifest.format)); restore it with that version or later."
            )
        }
        guard archive[BackupManifest.databaseName] != nil else {
            throw BackupError("\(file) holds no database (\(BackupManifest.databaseName)); it is not a complete backup.")
        }
        if let odd = archive.entries.first(where: {
            !BackupManifest.isAllowed($0.name.hasSuffix("/") ? String($0.name.dropLast()) : $0.name)
        }) {
            throw BackupError("\(file) holds an entry Hangar does not restore (\(odd.name)); it was not made by `hangar backup`.")
        }
        return manifest
    }

    /// An empty (or missing) directory, or `force`.
    func checkTarget() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw BackupError("\(dataDirectory) is a file, not a data directory.") }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory)) ?? []
        guard contents.isEmpty || force else {
            let shown = contents.sorted().prefix(3).joined(separator: ", ")
            throw BackupError(
                "\(dataDirectory) is not empty (\(shown)\(contents.count > 3 ? ", …" : "")). Restore into a new or empty directory, or add --force to replace its database and keys; stop `hangar serve` first."
            )
        }
    }

    func path(of name: String) -> String {
        (dataDirectory as NSString).appendingPathComponent(name)
    }

    /// Each file is written beside its place and renamed into it: a restore cut short leaves
    /// no half-written database.
    private func write(_ entry: TarReader.Entry, of archive: TarReader) throws {
        let target = path(of: entry.name)
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = [BackupManifest.databaseName, BackupManifest.secretKeyName, BackupManifest.adminTokenName].contains(entry.name)
        let temporary = target + ".restoring"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: nil, attributes: [.posixPermissions: secret ? 0o600 : 0o644]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw BackupError("Hangar cannot write \(target): check that \(dataDirectory) is writable.")
        }
        do {
            defer { try? handle.close() }
            try archive.copy(entry, to: handle)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw BackupError("Hangar could not restore \(entry.name): \(error).")
        }
        guard rename(temporary, target) == 0 else {
            throw BackupError("Hangar could not move \(entry.name) into place: \(String(cString: strerror(errno))).")
        }
    }
}
