import App
import ArgumentParser
import Backups
import Foundation
import HTTPAPI
import Logging

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a backup of a SQLite data directory to FILE, while the server runs.",
        discussion: """
            The backup is one tar file: a consistent copy of hangar.sqlite (SQLite's VACUUM INTO, taken
            while `hangar serve` keeps working), every finished model file of <data dir>/models (not the
            .part file of a download in progress), and with --include-secret-key the server key and the
            admin token. Without the key, stored provider keys and tokens can only be read by a server
            started with the same HANGAR_SECRET_KEY or secret-key file. Restore it with `hangar restore`.
            On PostgreSQL use pg_dump instead (README › Backups).
            """)

    @Argument(help: "The backup file to write (replaced if it exists).")
    var file: String

    @Flag(help: "Also store the secret key and the admin token: anyone with the file can then read every stored secret.")
    var includeSecretKey = false

    @Flag(help: "Leave the model files out (the catalog still records them; download them again after a restore).")
    var noModels = false

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try server.configuration()
        Logs.bootstrap(level: .error)
        if configuration.databaseURL != nil {
            throw BackupError(
                "This Hangar uses PostgreSQL (DATABASE_URL): back the database up with pg_dump, and keep the server key and the models folder (README › Backups)."
            )
        }
        if includeSecretKey {
            FileHandle.standardError.write(
                Data(
                    "Warning: the backup holds the secret key and the admin token. Anyone who reads it can decrypt every stored provider key and sign in as admin; keep it as safe as the server itself.\n"
                        .utf8))
        }
        let keyStore = configuration.secretKeyStore
        let secretKey: BackupWriter.SecretKeySource? =
            !includeSecretKey
            ? nil
            : configuration.secretKey.map { .value($0) }
                ?? (FileManager.default.fileExists(atPath: keyStore.keyPath) ? .file(keyStore.keyPath) : nil)
        let tokenPath = AdminToken.fileURL(dataDirectory: configuration.dataDirectory).path
        let writer = BackupWriter(
            sources: .init(
                databasePath: configuration.sqlitePath, modelsDirectory: configuration.modelsDirectory, secretKey: secretKey,
                adminTokenPath: includeSecretKey && FileManager.default.fileExists(atPath: tokenPath) ? tokenPath : nil),
            includeModels: !noModels)
        let manifest = try await writer.write(to: file)
        var lines = ["Backup written to \(file): the database, \(manifest.modelFiles) model file(s) (\(Self.bytes(manifest.modelBytes)))"]
        lines[0] += manifest.includesSecretKey ? ", and the secret key." : "."
        if includeSecretKey, !manifest.includesSecretKey {
            lines.append("There was no secret key to include: this data directory has no secret-key file and HANGAR_SECRET_KEY is not set.")
        } else if !includeSecretKey {
            lines.append(
                "It holds no secret key: keep HANGAR_SECRET_KEY or \(keyStore.keyPath) as well, or stored secrets cannot be read after a restore."
            )
        }
        print(lines.joined(separator: "\n"))
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .binary)
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup made by `hangar backup` into a data directory.",
        discussion: """
            Writes the database, the model files and, when the backup has them, the secret key and the
            admin token into the data directory (--data-dir, HANGAR_DATA_DIR, or ./data). A directory that is
            not empty is refused unless --force is given; stop `hangar serve` before forcing. Then start
            `hangar serve` on that directory.
            """)

    @Argument(help: "A backup file written by `hangar backup`.")
    var file: String

    @Flag(help: "Restore into a data directory that is not empty, replacing its database and keys.")
    var force = false

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try server.configuration()
        let manifest = try BackupRestorer(dataDirectory: configuration.dataDirectory, force: force).restore(from: file)
        var lines = [
            "Restored the backup of \(manifest.createdAt) (Hangar \(manifest.hangarVersion)) into \(configuration.dataDirectory): the database and \(manifest.modelFiles) model file(s)."
        ]
        if manifest.includesSecretKey {
            lines.append("The secret key and admin token are restored too.")
        } else {
            lines.append(
                "The backup holds no secret key: start Hangar with the key it was made under (HANGAR_SECRET_KEY, or copy that secret-key file into \(configuration.dataDirectory)), or stored secrets cannot be read."
            )
        }
        lines.append("Start it with: hangar serve --data-dir \(configuration.dataDirectory)")
        print(lines.joined(separator: "\n"))
    }
}
