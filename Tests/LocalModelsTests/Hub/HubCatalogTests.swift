import Foundation
import HangarCore
import HangarTesting
import Testing

@testable import LocalModels

/// Search and file lists against the fake Hub, which answers the Hub's JSON API.
@Suite struct HubCatalogTests {
    static func catalog(_ endpoint: String, token: String? = nil) -> HubCatalog {
        var settings = LocalModelSettings(modelsDirectory: "/nonexistent", hubEndpoint: endpoint)
        settings.hubToken = token
        return HubCatalog(settings: settings)
    }

    @Test func fileNamesGiveQuantizationsAndParts() {
        let cases: [(String, String?, Int?, Int?)] = [
            ("Qwen3-0.6B-Q4_0.gguf", "Q4_0", nil, nil),
            ("qwen2.5-7b-instruct-q4_k_m.gguf", "Q4_K_M", nil, nil),
            ("Llama-3.3-70B-Instruct-IQ2_XS.gguf", "IQ2_XS", nil, nil),
            ("Q8_0/Llama-3.3-70B-Instruct-Q8_0-00002-of-00003.gguf", "Q8_0", 2, 3),
            ("model-UD-Q4_K_XL.gguf", "Q4_K_XL", nil, nil),
            ("gemma-3-27b-it-BF16.gguf", "BF16", nil, nil),
            ("mmproj-model-f16.gguf", "F16", nil, nil),
            ("model.gguf", nil, nil, nil),
        ]
        for (path, quantization, part, parts) in cases {
            let name = GGUFFileName(path)
            #expect(name.quantization == quantization, "\(path)")
            #expect(name.part == part && name.parts == parts, "\(path)")
        }
        let files = [
            HubFile(path: "a-Q8_0-00002-of-00002.gguf", size: 20, sha256: "b", quantization: "Q8_0", part: 2, parts: 2),
            HubFile(path: "a-Q8_0-00001-of-00002.gguf", size: 10, sha256: "a", quantization: "Q8_0", part: 1, parts: 2),
            HubFile(path: "a-Q4_0.gguf", size: 7, sha256: "c", quantization: "Q4_0"),
            HubFile(path: "b-F16-00001-of-00003.gguf", size: 5, sha256: "d", quantization: "F16", part: 1, parts: 3),
        ]
        let choices = GGUFFileName.choices(files)
        #expect(choices.map(\.file) == ["a-Q8_0-00001-of-00002.gguf", "a-Q4_0.gguf", "b-F16-00001-of-00003.gguf"])
        #expect(choices[0].files == ["a-Q8_0-00001-of-00002.gguf", "a-Q8_0-00002-of-00002.gguf"] && choices[0].size == 30)
        #expect(choices[0].complete && choices[1].complete && !choices[2].complete)
    }

    @Test func searchIsGGUFOnlyMostDownloadedFirst() async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/qwen-small-GGUF", path: "qwen-small-Q4_0.gguf", bytes: [1, 2, 3])
            hub.addFile(repo: "acme/qwen-big-GGUF", path: "qwen-big-Q8_0.gguf", bytes: [4, 5])
            hub.addFile(repo: "acme/qwen-safetensors", path: "model.safetensors", bytes: [6])
            hub.addFile(repo: "acme/llama-GGUF", path: "llama-Q4_0.gguf", bytes: [7])
            hub.addFile(repo: "acme/qwen-secret-GGUF", path: "q-Q4_0.gguf", bytes: [8])
            hub.setAccess(.privateRepo(token: "hf_owner"), repo: "acme/qwen-secret-GGUF")
            hub.setAccess(.gated(grantedToken: "hf_granted"), repo: "acme/qwen-small-GGUF")
            hub.setDownloads(50, repo: "acme/qwen-small-GGUF")
            hub.setDownloads(900, repo: "acme/qwen-big-GGUF")
            let found = try await Self.catalog(hub.hubURL).search("QWEN", token: nil)
            #expect(found.models.map(\.repo) == ["acme/qwen-big-GGUF", "acme/qwen-small-GGUF"])
            #expect(found.models.map(\.downloads) == [900, 50] && found.models[1].gated && !found.models[0].gated)
            #expect(found.source == hub.hubURL && found.query == "QWEN")
            let withToken = try await Self.catalog(hub.hubURL).search("qwen", token: "hf_owner")
            #expect(withToken.models.map(\.repo).contains("acme/qwen-secret-GGUF"))
            let query = try #require(hub.requests.last?.recorded.query)
            for part in ["search=qwen", "filter=gguf", "sort=downloads", "direction=-1", "limit=30"] {
                #expect(query.contains(part), "\(query)")
            }
            await #expect(throws: HangarError.self) { try await Self.catalog(hub.hubURL).search("x", limit: 0, token: nil) }
        }
    }

    @Test func filesHaveSizesChecksumsAndGroupedParts() async throws {
        try await FakeHub.withHub { hub in
            let repo = "acme/big-GGUF"
            let single = hub.addFile(repo: repo, path: "big-Q4_K_M.gguf", bytes: FakeHub.sampleBytes(count: 300))
            let first = hub.addFile(repo: repo, path: "Q8_0/big-Q8_0-00001-of-00002.gguf", bytes: FakeHub.sampleBytes(count: 200, seed: 2))
            let second = hub.addFile(repo: repo, path: "Q8_0/big-Q8_0-00002-of-00002.gguf", bytes: FakeHub.sampleBytes(count: 100, seed: 3))
            hub.addFile(repo: repo, path: "README.md", bytes: Array("# Big".utf8), storage: .git)
            hub.setTreePageSize(2)
            let list = try await Self.catalog(hub.hubURL).files(repo: repo, revision: "main", token: nil)
            #expect(list.commit == single.commit)
            #expect(
                list.files.map(\.path) == ["Q8_0/big-Q8_0-00001-of-00002.gguf", "Q8_0/big-Q8_0-00002-of-00002.gguf", "big-Q4_K_M.gguf"])
            #expect(list.files.map(\.sha256) == [first.sha256, second.sha256, single.sha256])
            #expect(list.files.map(\.size) == [200, 100, 300])
            #expect(list.files.map(\.quantization) == ["Q8_0", "Q8_0", "Q4_K_M"])
            #expect(list.choices.count == 2)
            let split = try #require(list.choices.first { $0.quantization == "Q8_0" })
            #expect(split.file == first.path && split.size == 300 && split.files.count == 2 && split.complete)
            // The listing came in pages of two, each asked with its cursor.
            let trees = hub.requests.filter { $0.recorded.path.contains("/tree/") }
            #expect(trees.count >= 3 && trees.allSatisfy { $0.recorded.query?.contains("recursive=true") == true })
        }
    }

    @Test func tokensAndFailures() async throws {
        try await FakeHub.withHub { hub in
            hub.addFile(repo: "acme/private-GGUF", path: "p-Q4_0.gguf", bytes: [1])
            hub.setAccess(.privateRepo(token: "hf_owner"), repo: "acme/private-GGUF")
            hub.addFile(repo: "acme/gated-GGUF", path: "g-Q4_0.gguf", bytes: [2])
            hub.setAccess(.gated(grantedToken: "hf_granted"), repo: "acme/gated-GGUF")
            let open = Self.catalog(hub.hubURL)
            // Without a token, a private repository looks like none, as on the Hub.
            await #expect { try await open.files(repo: "acme/private-GGUF", revision: "main", token: nil) } throws: {
                ($0 as? HangarError)?.code == .hfNotFound && ($0 as? HangarError)?.message.contains("private") == true
            }
            await #expect { try await open.files(repo: "acme/private-GGUF", revision: "main", token: "hf_wrong") } throws: {
                ($0 as? HangarError)?.code == .hfUnauthorized
            }
            // The server's token is used when no other is given.
            let listed = try await Self.catalog(hub.hubURL, token: "hf_owner").files(
                repo: "acme/private-GGUF", revision: "main", token: "hf_owner")
            #expect(listed.files.count == 1)
            #expect(
                hub.requests.last?.recorded.headers.contains { $0.name.lowercased() == "authorization" && $0.value == "Bearer hf_owner" }
                    == true)
            // A gated repository lists its files to anyone, as on the Hub; downloading is what needs access.
            #expect(try await open.files(repo: "acme/gated-GGUF", revision: "main", token: nil).files.count == 1)
            await #expect { try await open.files(repo: "acme/none", revision: "main", token: "hf_owner") } throws: {
                ($0 as? HangarError)?.code == .hfNotFound
            }
            await #expect { try await open.files(repo: "acme/gated-GGUF", revision: "v9", token: nil) } throws: {
                ($0 as? HangarError)?.code == .hfNotFound
            }
            await #expect { try await open.files(repo: "not a repo", revision: "main", token: nil) } throws: {
                ($0 as? HangarError)?.code == .validationFailed
            }
        }
        try await withClosedPort { port in
            let unreachable = Self.catalog("http://127.0.0.1:\(port)")
            await #expect { try await unreachable.search("qwen", token: nil) } throws: { error in
                let hangar = error as? HangarError
                return hangar?.code == .hubUnavailable && hangar?.message.contains("by hand") == true
            }
        }
    }
}
