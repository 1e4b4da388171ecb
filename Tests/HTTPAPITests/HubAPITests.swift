import Foundation
import HangarTesting
import Storage
import Testing

/// `GET /api/hub/search` and `GET /api/hub/files` through the server, against the fake Hub.
@Suite struct HubAPITests {
    @Test(arguments: TestDatabases.engines)
    func searchAndFilesWithAModelsToken(_ engine: DatabaseEngine) async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/tiny-GGUF", path: "tiny-Q4_0.gguf", bytes: FakeHub.sampleBytes(count: 64))
            let secret = hub.addFile(repo: "acme/secret-GGUF", path: "secret-Q8_0.gguf", bytes: FakeHub.sampleBytes(count: 32))
            hub.setAccess(.privateRepo(token: "hf_model_token"), repo: "acme/secret-GGUF")
            let location = try await TestDatabases.makeLocation(engine)
            var configuration = TestServer.configuration(location)
            configuration.hubEndpoint = hub.hubURL
            try await TestServer.withApp(configuration) { api in
                let search = try await api.get("/api/hub/search?q=tiny")
                #expect(search.status == .ok, "\(search)")
                #expect((search.object["models"] as? [[String: Any]])?.compactMap { $0["repo"] as? String } == ["acme/tiny-GGUF"])
                let files = try await api.get("/api/hub/files?repo=acme/tiny-GGUF")
                #expect(files.object["revision"] as? String == "main", "\(files)")
                let choice = (files.object["choices"] as? [[String: Any]])?.first
                #expect(choice?["file"] as? String == "tiny-Q4_0.gguf" && choice?["quantization"] as? String == "Q4_0")
                #expect(choice?["size"] as? Int == 64)

                let refused = try await api.get("/api/hub/files?repo=acme/secret-GGUF")
                #expect(refused.status == .notFound && refused.errorCode == "hf_not_found", "\(refused)")
                let model = try await api.post(
                    "/api/models",
                    [
                        "provider_id": "local", "name": "Secret", "api_name": "secret", "hf_repo": "acme/secret-GGUF",
                        "model_file": "secret-Q8_0.gguf", "hf_token": "hf_model_token",
                    ])
                #expect(model.status == .created, "\(model)")
                let withToken = try await api.get("/api/hub/files?repo=acme/secret-GGUF&model_id=\(model.id)")
                #expect((withToken.object["files"] as? [[String: Any]])?.first?["sha256"] as? String == secret.sha256, "\(withToken)")
                #expect(!withToken.text.contains("hf_model_token"))

                #expect(try await api.get("/api/hub/files?repo=acme/tiny-GGUF&model_id=nope").errorCode == "model_not_found")
                let invalid = try await api.get("/api/hub/files?repo=not-a-repo")
                #expect(invalid.status.code == 400 || invalid.status.code == 422, "\(invalid)")
                #expect(try await api.get("/api/hub/files?repo=acme/none").errorCode == "hf_not_found")
                #expect(try await api.send(.put, "/api/settings", json: ["hf_endpoint": "http://127.0.0.1:9"]).status == .ok)
                let down = try await api.get("/api/hub/search?q=tiny")
                #expect(down.status == .badGateway && down.errorCode == "hub_unavailable", "\(down)")
            }
        }
    }
}
