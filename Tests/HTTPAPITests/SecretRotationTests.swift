import App
import Foundation
import HangarTesting
import Secrets
import Storage
import Testing

/// The server key covers local models' Hugging Face tokens as it covers connections' keys: at
/// start, and through a rotation, also one interrupted by a crash.
@Suite struct SecretRotationTests {
    static let key = "sk-rotation-CANARY-5e6f7a8b"
    static let token = "hf_rotationCANARY9c0d"

    struct Seeded: Sendable {
        let providerID: String
        let modelID: String
    }

    /// A connection with a key and a local model with a token, sealed by `configuration`'s key.
    static func seed(_ configuration: HangarConfiguration) async throws -> Seeded {
        try await TestServer.withApp(configuration) { api in
            let provider = try await api.post(
                "/api/providers", ["kind": "openai-compatible", "name": "Lab", "base_url": "http://127.0.0.1:9", "api_key": key])
            try #require(provider.status == .created, "\(provider)")
            let model = try await api.createModel(
                "Gated", provider: "local", ["hf_repo": "acme/Gated-GGUF", "model_file": "gated.gguf", "hf_token": token])
            return Seeded(providerID: provider.id, modelID: model.id)
        }
    }

    static func expectReadable(_ seeded: Seeded, _ configuration: HangarConfiguration) async throws {
        try await TestServer.withCatalog(configuration) { catalog in
            let opened = (try await catalog.apiKey(ofProvider: seeded.providerID), try await catalog.hfToken(ofModel: seeded.modelID))
            #expect(opened.0 == key && opened.1 == token)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aHuggingFaceTokenAloneMakesAWrongServerKeyRefuseToStart(_ engine: DatabaseEngine) async throws {
        var configuration = TestServer.configuration(try await TestDatabases.makeLocation(engine))
        configuration.secretKey = SecretKey.random().base64
        try await TestServer.withApp(configuration) { api in
            _ = try await api.createModel(
                "Gated", provider: "local", ["hf_repo": "acme/Gated-GGUF", "model_file": "gated.gguf", "hf_token": Self.token])
        }
        configuration.secretKey = SecretKey.random().base64
        await #expect {
            try await TestServer.withApp(configuration) { _ in }
        } throws: { error in
            String(describing: error).contains("refusing to start")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anInterruptedRotationFinishesOnTheNextRun(_ engine: DatabaseEngine) async throws {
        let configuration = TestServer.configuration(try await TestDatabases.makeLocation(engine))
        let seeded = try await Self.seed(configuration)
        let store = configuration.secretKeyStore
        let oldKey = try String(contentsOfFile: store.keyPath, encoding: .utf8)

        // A crash after the commit, before the new key replaced the old one.
        let first = try await SecretRotation.rotate(configuration, newKeyBase64: nil, logger: TestServer.logger)
        #expect(first.resealed == 2)
        let newKey = try String(contentsOfFile: store.keyPath, encoding: .utf8)
        try newKey.write(toFile: store.nextKeyPath, atomically: true, encoding: .utf8)
        try oldKey.write(toFile: store.keyPath, atomically: true, encoding: .utf8)
        await #expect {
            try await TestServer.withApp(configuration) { _ in }
        } throws: { error in
            String(describing: error).contains("rotation was interrupted")
        }
        let finished = try await SecretRotation.rotate(configuration, newKeyBase64: nil, logger: TestServer.logger)
        #expect(finished.resealed == 0 && finished.newKeyID == first.newKeyID)
        #expect(try String(contentsOfFile: store.keyPath, encoding: .utf8) == newKey)
        #expect(!FileManager.default.fileExists(atPath: store.nextKeyPath))
        try await Self.expectReadable(seeded, configuration)

        // A crash before the commit: the next key is written, the database still has the current one.
        let pending = SecretKey.random()
        try store.writeKeyFile(pending, to: store.nextKeyPath)
        let resumed = try await SecretRotation.rotate(configuration, newKeyBase64: nil, logger: TestServer.logger)
        #expect(resumed.resealed == 2 && resumed.newKeyID == pending.id)
        #expect(!FileManager.default.fileExists(atPath: store.nextKeyPath))
        try await Self.expectReadable(seeded, configuration)
    }
}
