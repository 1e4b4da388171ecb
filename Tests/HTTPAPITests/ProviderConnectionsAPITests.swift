import App
import Foundation
import HTTPTypes
import HangarTesting
import Logging
import Secrets
import Storage
import Testing

/// Custom connections, their write-only keys and the server key that seals them.
@Suite struct ProviderConnectionsAPITests {
    static let key = "sk-test-CANARY-7d1e2f3a4b5c6d7e8f90"

    static func create(_ api: API, _ extra: [String: Any] = [:]) async throws -> Reply {
        var body: [String: Any] = ["kind": "openai-compatible", "name": "Lab vLLM", "base_url": "http://127.0.0.1:9/v1"]
        body.merge(extra) { _, new in new }
        return try await api.post("/api/providers", body)
    }

    @Test(arguments: TestDatabases.engines)
    func createEditAndDeleteConnections(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let created = try await Self.create(api, ["api_key": Self.key])
            #expect(created.status == .created, "\(created)")
            #expect(created.object["api_key_configured"] as? Bool == true)
            #expect(created.object["is_builtin"] as? Bool == false)
            #expect(created.object["enabled"] as? Bool == true)
            #expect(!created.text.contains(Self.key))
            let id = created.id
            // Several of one kind; names stay unique whatever their case.
            #expect(try await Self.create(api, ["name": "Second lab"]).status == .created)
            expectError(try await Self.create(api, ["name": "LAB vllm"]), .conflict, code: "duplicate_name", field: "name")

            let azure = try await api.post(
                "/api/providers", ["kind": "azure-openai", "name": "Azure EU", "base_url": "https://eu.openai.azure.com"])
            #expect(azure.object["api_version"] as? String == "2024-10-21")
            #expect(azure.object["api_key_configured"] as? Bool == false)

            expectError(try await Self.create(api, ["name": "x", "kind": "local"]), .unprocessableContent, field: "kind")
            expectError(try await Self.create(api, ["name": "y", "kind": "spaceship"]), .unprocessableContent, field: "kind")
            expectError(try await Self.create(api, ["name": "z", "api_key": "has space"]), .unprocessableContent, field: "api_key")
            expectError(try await Self.create(api, ["name": "w", "api_version": "2024-10-21"]), .conflict, code: "not_applicable")
            expectError(try await Self.create(api, ["name": "v", "base_url": "ftp://x"]), .unprocessableContent, field: "base_url")

            // The key is write-only: PATCH rotates and clears it; nothing ever echoes it.
            let rotated = try await api.patch("/api/providers/\(id)", ["api_key": Self.key + "-2"])
            #expect(rotated.status == .ok && rotated.object["api_key_configured"] as? Bool == true)
            #expect(!rotated.text.contains(Self.key))
            let unchanged = try await api.patch("/api/providers/\(id)", ["name": "Lab vLLM 2"])
            #expect(unchanged.object["api_key_configured"] as? Bool == true)
            let cleared = try await api.patch("/api/providers/\(id)", ["api_key": NSNull()])
            #expect(cleared.object["api_key_configured"] as? Bool == false)
            expectError(try await api.patch("/api/providers/local", ["api_key": "abc"]), .conflict, code: "not_applicable")
            expectError(try await api.patch("/api/providers/\(id)", ["api_key": ""]), .unprocessableContent, field: "api_key")

            // Deleting: builtin never; with models only on request.
            expectError(try await api.delete("/api/providers/openai"), .conflict, code: "builtin_provider")
            try await api.createModel("Lab model", provider: id)
            expectError(
                try await api.delete("/api/providers/\(id)"), .conflict, code: "provider_has_models", messageContains: "cascade=true")
            #expect(try await api.send(.delete, "/api/providers/\(id)?cascade=true").status == .noContent)
            expectError(try await api.get("/api/providers/\(id)"), .notFound)
            #expect(try await api.allModels("provider=\(id)").isEmpty)
            expectError(try await api.delete("/api/providers/\(id)"), .notFound)
            #expect(try await api.delete("/api/providers/\(azure.id)").status == .noContent)
        }
    }

    @Test func keysAreSealedAtRest() async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        try await TestServer.withApp(location) { api in
            let reply = try await Self.create(api, ["api_key": Self.key])
            #expect(reply.status == .created)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: location.dataDirectory) {
            let data = try Data(contentsOf: URL(fileURLWithPath: location.dataDirectory).appendingPathComponent(file))
            #expect(data.range(of: Data(Self.key.utf8)) == nil, "the key is readable in \(file)")
        }
        let store = try await TestDatabases.openStore(location)
        let sealed = try await store.read { sql in
            try await sql.raw("SELECT api_key_secret FROM providers WHERE api_key_secret IS NOT NULL").first()?
                .decode(column: "api_key_secret", as: String.self)
        }
        #expect(sealed?.hasPrefix("hangar-secret:v1:") == true)
        if let sqlite = store as? SQLiteStore { await sqlite.close() }
    }

    @Test func aWrongServerKeyRefusesToStart() async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        var configuration = TestServer.configuration(location)
        configuration.secretKey = SecretKey.random().base64
        let _: Void = try await TestServer.withApp(configuration) { api in
            let reply = try await Self.create(api, ["api_key": Self.key])
            #expect(reply.status == .created)
        }
        configuration.secretKey = SecretKey.random().base64
        await #expect {
            let _: Void = try await TestServer.withApp(configuration) { _ in }
        } throws: { error in
            let text = String(describing: error)
            return text.contains("refusing to start") && text.contains("HANGAR_SECRET_KEY") && !text.contains(Self.key)
        }
        // A malformed key is refused before anything opens.
        configuration.secretKey = "too-short"
        await #expect(throws: SecretStartError.self) {
            let _: Void = try await TestServer.withApp(configuration) { _ in }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func rotatingTheKeyKeepsEverySecretReadable(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let configuration = TestServer.configuration(location)
        let ids: [String] = try await TestServer.withApp(configuration) { api in
            var ids: [String] = []
            for index in 0..<3 {
                let reply = try await Self.create(api, ["name": "Lab \(index)", "api_key": Self.key + "\(index)"])
                ids.append(reply.id)
            }
            return ids
        }
        let before = try String(contentsOfFile: configuration.secretKeyStore.keyPath, encoding: .utf8)
        let outcome = try await SecretRotation.rotate(configuration, newKeyBase64: nil, logger: TestServer.logger)
        #expect(outcome.resealed == 3)
        let after = try String(contentsOfFile: configuration.secretKeyStore.keyPath, encoding: .utf8)
        #expect(before != after)
        #expect(!FileManager.default.fileExists(atPath: configuration.secretKeyStore.nextKeyPath))
        // The server starts with the new key file and opens every key.
        try await TestServer.withCatalog(configuration) { catalog in
            for (index, id) in ids.enumerated() {
                let key = try await catalog.apiKey(ofProvider: id)
                #expect(key == Self.key + "\(index)")
            }
        }
        // Running it again is harmless.
        #expect(try await SecretRotation.rotate(configuration, newKeyBase64: nil, logger: TestServer.logger).resealed == 3)
    }

    @Test(arguments: TestDatabases.engines)
    func aTamperedKeyIsUnreadableAndNeverSent(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await FakeOpenAI.withServer(apiKey: Self.key) { upstream in
            try await TestServer.withApp(location) { api in
                let created = try await Self.create(api, ["base_url": upstream.baseURL, "api_key": Self.key])
                let id = created.id
                let good = try await api.post("/api/providers/\(id)/test")
                #expect(good.object["success"] as? Bool == true, "\(good)")
                let before = upstream.requests.count

                try await TestDatabases.withStore(location, migrate: false) { database in
                    try await database.write { sql in
                        let sealed = try #require(
                            try await sql.raw("SELECT api_key_secret FROM providers WHERE id = \(bind: id)").first()?
                                .decode(column: "api_key_secret", as: String.self))
                        var bytes = Array(sealed.utf8)
                        bytes[bytes.count - 5] = bytes[bytes.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                        try await sql.raw(
                            "UPDATE providers SET api_key_secret = \(bind: String(decoding: bytes, as: UTF8.self)) WHERE id = \(bind: id)"
                        ).run()
                    }
                }
                let tampered = try await api.post("/api/providers/\(id)/test")
                #expect(tampered.status == .ok)
                #expect(tampered.object["success"] as? Bool == false)
                #expect(tampered.object["error_code"] as? String == "secret_unreadable")
                #expect(tampered.object["stage"] as? String == "authentication")
                #expect(upstream.requests.count == before, "no upstream call with an unreadable key")
                // The form test with the stored key says the same; stored as last_test for the saved one.
                let form = try await api.post(
                    "/api/providers/test", ["kind": "openai-compatible", "base_url": upstream.baseURL, "provider_id": id])
                #expect(form.object["error_code"] as? String == "secret_unreadable")
                let provider = try await api.get("/api/providers/\(id)")
                #expect((provider.object["last_test"] as? [String: Any])?["error_code"] as? String == "secret_unreadable")
                // A model test through the connection gets the same code, as an error naming it.
                let model = try await api.createModel("Behind a tampered key", provider: id)
                let test = try await api.post("/api/models/\(model.id)/test")
                expectError(test, .conflict, code: "secret_unreadable", messageContains: "'\(created.object["name"] as? String ?? "")'")
                #expect(upstream.requests.count == before, "no upstream call with an unreadable key")
                // Setting a new key repairs the connection.
                #expect(try await api.patch("/api/providers/\(id)", ["api_key": Self.key]).status == .ok)
                let repaired = try await api.post("/api/providers/\(id)/test")
                #expect(repaired.object["success"] as? Bool == true)
            }
        }
    }

    @Test func testsOfTheLocalProviderAndUnknownModelsAreRefused() async throws {
        try await TestServer.withApp(.sqlite) { api in
            expectError(try await api.post("/api/providers/local/test"), .conflict, code: "provider_kind")
            expectError(try await api.post("/api/providers/nobody/test"), .notFound)
            expectError(
                try await api.post("/api/providers/openai/test", ["completion": true, "model_id": "nope"]), .notFound, field: "model_id")
            expectError(
                try await api.post("/api/providers/openai/test", ["completion": true, "model_id": "mistral-mistral-large-latest"]),
                .conflict, code: "model_of_other_provider")
            expectError(
                try await api.post("/api/providers/test", ["kind": "local", "base_url": "http://127.0.0.1:9"]), .unprocessableContent,
                field: "kind")
            expectError(try await api.post("/api/providers/ollama/test", ["model_id": ""]), .unprocessableContent, field: "model_id")
            // The literal path wins over /api/providers/{id} when telling which methods exist.
            let options = try await api.send(.options, "/api/providers/test")
            #expect(options.status == .methodNotAllowed)
            #expect(options.headers[.allow] == "POST")
            expectError(
                try await api.post("/api/providers/test", ["kind": "ollama", "base_url": "http://127.0.0.1:9", "provider_id": "nobody"]),
                .notFound)
        }
    }
}
