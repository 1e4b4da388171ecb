import Foundation
import HangarTesting
import LocalModels
import Testing

/// `hangar backup` while a server runs a download, then `hangar restore` into a new
/// directory and a server started on it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct BackupRestoreTests {
    static let repo = "acme/Tiny-GGUF"
    static let providerKey = "sk-backup-provider-key-3c1d"

    static func local(_ name: String, file: String) -> String {
        #"{"provider_id":"local","name":"\#(name)","api_name":"\#(name.lowercased())","hf_repo":"\#(repo)","model_file":"\#(file)","download_now":true}"#
    }

    @Test func aBackupDuringADownloadRestoresCatalogKeysAndFinishedDownloads() async throws {
        try await FakeOpenAI.withServer(apiKey: Self.providerKey, models: ["fake-model"]) { openAI in
            try await FakeHub.withHub { hub in
                let done = hub.addFile(repo: Self.repo, path: "done-Q4_0.gguf", bytes: GGUFBuilder.model().build(tensorData: 1 << 20))
                _ = hub.addFile(repo: Self.repo, path: "slow-Q4_0.gguf", bytes: GGUFBuilder.model().build(tensorData: 8 << 20))
                hub.updateFaults(repo: Self.repo, path: "slow-Q4_0.gguf") { $0.bytesPerSecond = 1 << 20 }
                let directory = try TemporaryDirectory.make()
                let server = try await ServeProcess.start(dataDirectory: directory, hubEndpoint: hub.hubURL)
                let api = LiveHTTP(url: server.url, token: CLIFixture.token)

                let provider = try await CLIFixture.hangar(
                    ["providers", "create", "Fake", "--kind", "openai-compatible", "--base-url", openAI.server.baseURL, "--api-key-stdin"],
                    url: server.url, stdin: Self.providerKey)
                #expect(provider.status == 0, "\(provider)")
                let key = try await CLIFixture.hangar(["keys", "create", "Nightly", "--scope", "inference"], url: server.url)
                let secret = try #require(key.stdout.split(separator: "\n").first { $0.hasPrefix("secret: ") }?.dropFirst(8), "\(key)")
                let finished = try await api.send(.POST, "/api/models", json: Self.local("Done", file: "done-Q4_0.gguf"))
                let finishedID = try #require(try finished.json()["id"] as? String, "\(finished)")
                try await Self.waitForDownload(finishedID, api: api)
                let running = try await api.send(.POST, "/api/models", json: Self.local("Slow", file: "slow-Q4_0.gguf"))
                #expect(running.status == 201, "\(running)")
                await hub.waitForBytesServed(atLeast: (1 << 20) + (2 << 20))

                // Taken while the slow download writes its .part file and the server runs.
                let file = directory + "-backup.tar"
                let backup = try await CLIFixture.hangar(
                    ["backup", file, "--include-secret-key", "--data-dir", directory], url: server.url)
                #expect(backup.status == 0, "\(backup)")
                #expect(backup.stderr.contains("Warning"), "\(backup)")
                #expect(backup.stdout.contains("1 model file(s)"), "\(backup)")
                let nowhere = try await CLIFixture.hangar(
                    ["backup", directory + "-missing/backup.tar", "--data-dir", directory], url: server.url)
                #expect(nowhere.status != 0 && nowhere.stderr.contains("create it first"), "\(nowhere)")
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
                #expect(mode?.intValue == 0o600)
                await server.stop()

                // A directory in use is refused without --force, and left as it was.
                let before = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                let refused = try await CLIFixture.hangar(["restore", file, "--data-dir", directory], url: server.url)
                #expect(refused.status != 0 && refused.stderr.contains("--force"), "\(refused)")
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == before)

                let restoredDirectory = try TemporaryDirectory.make() + "/restored"
                let restored = try await CLIFixture.hangar(["restore", file, "--data-dir", restoredDirectory], url: server.url)
                #expect(restored.status == 0, "\(restored)")
                #expect(
                    FileManager.default.contents(atPath: restoredDirectory + "/secret-key")
                        == FileManager.default.contents(atPath: directory + "/secret-key"))

                let again = try await ServeProcess.start(dataDirectory: restoredDirectory, hubEndpoint: hub.hubURL)
                let restoredAPI = LiveHTTP(url: again.url, token: CLIFixture.token)
                // The catalog, and the finished download with its file in the new directory.
                let model = try await restoredAPI.send(.GET, "/api/models/\(finishedID)").json()
                #expect(model["download_status"] as? String == "downloaded", "\(model)")
                #expect(model["checksum"] as? String == done.sha256)
                let path = try ModelPaths.localPath(
                    modelsDirectory: restoredDirectory + "/models",
                    file: HubFileReference(repo: Self.repo, revision: "main", file: "done-Q4_0.gguf"))
                #expect(model["local_path"] as? String == path, "\(model)")
                #expect(FileManager.default.fileExists(atPath: path))
                // The provider key decrypts under the restored key file: the connection test passes.
                let tested = try await CLIFixture.hangar(["providers", "test", "Fake"], url: again.url)
                #expect(tested.status == 0 && tested.stdout.contains("passed"), "\(tested)")
                // The application key still opens the gateway.
                let gateway = try await LiveHTTP(url: again.url, token: String(secret)).send(.GET, "/v1/models")
                #expect(gateway.status == 200, "\(gateway)")
                // The interrupted download is still known, and runs again.
                let slow = try await restoredAPI.send(.GET, "/api/models").json()
                #expect(String(describing: slow).contains("slow-Q4_0.gguf"))
                await again.stop()
            }
        }
    }

    static func waitForDownload(_ modelID: String, api: LiveHTTP) async throws {
        let state = try await api.send(.GET, "/api/models/\(modelID)/download-status").json()
        let jobID = try #require(state["job_id"] as? String, "\(state)")
        try await api.events("/api/jobs/\(jobID)/events") { event in event.name != "done" && event.name != "error" }
    }

    @Test func restoreRefusesWhatIsNotABackupAndEntriesOutsideTheDataDirectory() async throws {
        let directory = try TemporaryDirectory.make()
        let notTar = directory + "/notes.txt"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notTar))
        let refused = try await CLIFixture.hangar(["restore", notTar, "--data-dir", directory + "/a"], url: "http://127.0.0.1:1")
        #expect(refused.status != 0 && refused.stderr.contains("not a Hangar backup"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/a"))

        // A tar made by GNU tar with a path leaving the data directory.
        let staging = directory + "/staging"
        try FileManager.default.createDirectory(atPath: staging + "/models", withIntermediateDirectories: true)
        try Data(
            #"{"format":1,"hangar_version":"0.1.0","created_at":"x","includes_secret_key":false,"includes_admin_token":false,"model_files":0,"model_bytes":0}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: staging + "/hangar-backup.json"))
        try Data("db".utf8).write(to: URL(fileURLWithPath: staging + "/hangar.sqlite"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/evil"))
        let crafted = directory + "/crafted.tar"
        let tar = try ChildProcess(
            "/usr/bin/env",
            ["tar", "--format=ustar", "-cf", crafted, "-C", staging, "hangar-backup.json", "hangar.sqlite", "models/../../evil"],
            environment: ProcessInfo.processInfo.environment, directory: staging)
        #expect(await tar.wait() == 0)
        let outside = try await CLIFixture.hangar(["restore", crafted, "--data-dir", directory + "/b"], url: "http://127.0.0.1:1")
        #expect(outside.status != 0 && outside.stderr.contains("does not restore"), "\(outside)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/b"))
    }

    @Test func backupOnPostgreSQLPointsToPgDump() async throws {
        let result = try await CLIFixture.hangar(
            ["backup", "/tmp/never.tar"], url: "http://127.0.0.1:1",
            environment: ["DATABASE_URL": "postgres://hangar@127.0.0.1:1/hangar"])
        #expect(result.status != 0 && result.stderr.contains("pg_dump"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.tar"))
    }
}
