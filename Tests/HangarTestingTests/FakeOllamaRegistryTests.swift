import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

@Suite struct FakeOllamaRegistryTests {
    @Test func theManifestDigestIsTheDigestTagsShowsUntilAnUpdate() async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllama.withServer(catalog: catalog) { ollama in
            try await FakeOllamaRegistry.withServer(catalog: catalog) { registry in
                let tags = try await send(.GET, ollama.baseURL + "/api/tags").json()
                let installed = try #require((tags["models"] as? [[String: Any]])?.first { $0["name"] as? String == "llama3.2:latest" })
                let url = try #require(registry.manifestURL(for: "llama3.2"))
                #expect(url.hasSuffix("/v2/library/llama3.2/manifests/latest"))

                let manifest = try await send(.GET, url)
                #expect(manifest.status == 200)
                #expect(manifest.headers.first(name: "Content-Type") == "application/vnd.docker.distribution.manifest.v2+json")
                #expect(manifest.headers.first(name: "Docker-Content-Digest") == "sha256:" + FakeOllamaManifest.sha256Hex(manifest.body))
                #expect(FakeOllamaManifest.sha256Hex(manifest.body) == installed["digest"] as? String)
                let json = try manifest.json()
                #expect(json["schemaVersion"] as? Int == 2)
                #expect((json["layers"] as? [[String: Any]])?.first?["mediaType"] as? String == "application/vnd.ollama.image.model")

                let head = try await send(.HEAD, url)
                #expect(
                    head.body.isEmpty
                        && head.headers.first(name: "Docker-Content-Digest") == manifest.headers.first(name: "Docker-Content-Digest"))

                registry.publishUpdate(of: "llama3.2:latest")
                let updated = try await send(.GET, url)
                #expect(FakeOllamaManifest.sha256Hex(updated.body) != installed["digest"] as? String)
                #expect(registry.manifestRequests.count == 3)
            }
        }
    }

    @Test func anUnknownManifestIsManifestUnknown() async throws {
        try await FakeOllamaRegistry.withServer { registry in
            let reply = try await send(.GET, registry.baseURL + "/v2/library/nope/manifests/latest")
            #expect(reply.status == 404)
            let error = try #require((try reply.json()["errors"] as? [[String: Any]])?.first)
            #expect(error["code"] as? String == "MANIFEST_UNKNOWN")
            #expect(error["message"] as? String == "manifest unknown")
            #expect((error["detail"] as? [String: Any])?["Tag"] as? String == "latest")
        }
    }
}
