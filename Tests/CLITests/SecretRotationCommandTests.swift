import Foundation
import HangarTesting
import Storage
import Testing

/// `hangar secrets rotate-key` as an admin runs it: the real binary on the data of a stopped
/// server, with a connection's API key and a local model's Hugging Face token stored.
@Suite(.timeLimit(.minutes(2))) struct SecretRotationCommandTests {
    static let apiKey = "sk-lab-rotation-7Qp2"
    static let hfToken = "hf_rotationToken9xKw"
    static let repo = "acme/Gated-GGUF"
    static let file = "gated-Q4_0.gguf"

    struct Seeded: Sendable {
        let location: TestLocation
        let providerID: String
        let modelID: String
    }

    /// Creates the connection and the model through the CLI, then stops the server.
    static func seed(_ engine: DatabaseEngine, hubEndpoint: String? = nil) async throws -> Seeded {
        let location = try await TestDatabases.makeLocation(engine)
        let (providerID, modelID) = try await CLIFixture.withServer(at: location, hubEndpoint: hubEndpoint) { url in
            let provider = try await CLIFixture.hangar(
                [
                    "providers", "create", "--kind", "openai-compatible", "--name", "Lab vLLM", "--base-url", "http://127.0.0.1:9",
                    "--api-key-stdin", "--json",
                ], url: url, stdin: apiKey)
            try #require(provider.status == 0, "\(provider)")
            let model = try await CLIFixture.hangar(
                [
                    "models", "create", "--provider", "local", "--name", "Gated Qwen", "--api-name", "gated-qwen",
                    "--hf-repo", repo, "--model-file", file, "--hf-token-stdin", "--json",
                ], url: url, stdin: hfToken)
            try #require(model.status == 0, "\(model)")
            return (
                try #require((try provider.json() as? [String: Any])?["id"] as? String),
                try #require((try model.json() as? [String: Any])?["id"] as? String)
            )
        }
        return Seeded(location: location, providerID: providerID, modelID: modelID)
    }

    static func rotate(_ location: TestLocation) async throws -> CLIFixture.Result {
        let database = location.databaseURL.map { ["--database-url", $0] } ?? []
        return try await CLIFixture.hangar(
            ["secrets", "rotate-key", "--data-dir", location.dataDirectory] + database, url: "http://127.0.0.1:9")
    }

    /// Both stored ciphertexts, connection's first.
    static func storedSecrets(_ seeded: Seeded) async throws -> [String] {
        try await TestDatabases.withStore(seeded.location, migrate: false) { database in
            try await database.read { sql in
                let key = try await sql.raw("SELECT api_key_secret FROM providers WHERE id = \(bind: seeded.providerID)").first()?
                    .decode(column: "api_key_secret", as: String.self)
                let token = try await sql.raw("SELECT hf_token_secret FROM models WHERE id = \(bind: seeded.modelID)").first()?
                    .decode(column: "hf_token_secret", as: String.self)
                return [try #require(key), try #require(token)]
            }
        }
    }

    /// Flips one base64url character near the end of each ciphertext, as damage or tampering would.
    static func tamper(_ seeded: Seeded) async throws {
        let stored = try await storedSecrets(seeded)
        try await TestDatabases.withStore(seeded.location, migrate: false) { database in
            try await database.write { sql in
                try await sql.raw("UPDATE providers SET api_key_secret = \(bind: flipped(stored[0])) WHERE id = \(bind: seeded.providerID)")
                    .run()
                try await sql.raw("UPDATE models SET hf_token_secret = \(bind: flipped(stored[1])) WHERE id = \(bind: seeded.modelID)")
                    .run()
            }
        }
    }

    static func flipped(_ sealed: String) -> String {
        var bytes = Array(sealed.utf8)
        bytes[bytes.count - 5] = bytes[bytes.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: TestDatabases.engines)
    func tamperedSecretsStopTheRotationNamingEachWithItsFixAndChangeNothing(_ engine: DatabaseEngine) async throws {
        let seeded = try await Self.seed(engine)
        try await Self.tamper(seeded)
        let tampered = try await Self.storedSecrets(seeded)
        let keyPath = seeded.location.dataDirectory + "/secret-key"
        let keyBefore = try Data(contentsOf: URL(fileURLWithPath: keyPath))

        let rotation = try await Self.rotate(seeded.location)

        #expect(rotation.status == 1, "\(rotation)")
        let message = rotation.stderr
        #expect(message.contains("connection 'Lab vLLM' (id \(seeded.providerID))"), "\(message)")
        #expect(message.contains("hangar providers set-key \(seeded.providerID) --clear"), "\(message)")
        #expect(message.contains("PATCH /api/providers/\(seeded.providerID) {\"api_key\": null}"), "\(message)")
        #expect(message.contains("model 'Gated Qwen' (id \(seeded.modelID))"), "\(message)")
        #expect(message.contains("PATCH /api/models/\(seeded.modelID) {\"hf_token\": null}"), "\(message)")
        #expect(message.contains("restore the server key"), "\(message)")
        #expect(!message.contains(Self.apiKey) && !message.contains(Self.hfToken) && !message.contains(tampered[0]))
        // Nothing half-written: no next key, the key file and both ciphertexts as they were.
        #expect(!FileManager.default.fileExists(atPath: keyPath + ".next"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == keyBefore)
        #expect(try await Self.storedSecrets(seeded) == tampered)
    }

    @Test(arguments: TestDatabases.engines)
    func rotationReSealsHuggingFaceTokensSoDownloadsStillSendThem(_ engine: DatabaseEngine) async throws {
        try await FakeHub.withHub { hub in
            hub.addRepo(Self.repo, access: .privateRepo(token: Self.hfToken))
            hub.addFile(repo: Self.repo, path: Self.file, bytes: GGUFBuilder.model().build(tensorData: 64 << 10))
            let seeded = try await Self.seed(engine, hubEndpoint: hub.hubURL)
            let before = try await Self.storedSecrets(seeded)

            let rotation = try await Self.rotate(seeded.location)

            #expect(rotation.status == 0, "\(rotation)")
            #expect(rotation.stdout.contains("Re-encrypted 2 secret(s)"), "\(rotation)")
            let after = try await Self.storedSecrets(seeded)
            #expect(after[0] != before[0] && after[1] != before[1])
            #expect(!FileManager.default.fileExists(atPath: seeded.location.dataDirectory + "/secret-key.next"))
            // The server starts with the new key and the download still carries the token to the Hub.
            try await CLIFixture.withServer(at: seeded.location, hubEndpoint: hub.hubURL) { url in
                let download = try await CLIFixture.hangar(["download", seeded.modelID], url: url)
                #expect(download.status == 0, "\(download)")
            }
            let resolves = hub.requests.filter { $0.origin == .hub && $0.path.contains("/resolve/") }
            #expect(!resolves.isEmpty && resolves.allSatisfy { $0.header("Authorization") == "Bearer \(Self.hfToken)" })
        }
    }
}
