import App
import Foundation
import HangarTesting
import Storage
import Testing

/// What the Ollama routes refuse or report before or instead of a useful upstream answer:
/// invalid names (with no upstream call), the wrong kind of connection, a server that is down
/// or silent, and a library that cannot be reached.
@Suite("Ollama routes: guards and upstream failures")
struct OllamaGuardAPITests {
    static func createServer(_ api: API, name: String, baseURL: String) async throws -> String {
        let reply = try await api.post("/api/providers", ["kind": "ollama", "name": name, "base_url": baseURL])
        try #require(reply.status == .created, "\(reply)")
        return reply.id
    }

    @Test("invalid names are refused with the field, before anything reaches the server")
    func invalidNames() async throws {
        try await FakeOllama.withServer { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let id = try await Self.createServer(api, name: "Box", baseURL: upstream.server.baseURL)
                let before = upstream.server.requests.count
                let base = "/api/providers/\(id)/ollama"
                for bad in ["-llama", "my.ns/model", "a/b/c/d", "model:", "ll%20ama", "x:y:z"] {
                    let encoded = bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? bad
                    expectError(
                        try await api.get("\(base)/models/show?model=\(encoded)"), .unprocessableContent, code: "invalid_model_name",
                        field: "model")
                    expectError(
                        try await api.delete("\(base)/models?model=\(encoded)"), .unprocessableContent, code: "invalid_model_name",
                        field: "model")
                    expectError(
                        try await api.post("\(base)/pull", ["model": bad]), .unprocessableContent, code: "invalid_model_name",
                        field: "model")
                    expectError(
                        try await api.post("\(base)/load", ["model": bad]), .unprocessableContent, code: "invalid_model_name",
                        field: "model")
                    expectError(
                        try await api.post("\(base)/eject", ["model": bad, "force": true]), .unprocessableContent,
                        code: "invalid_model_name", field: "model")
                    expectError(
                        try await api.post("\(base)/copy", ["source": "llama3.2", "destination": bad]), .unprocessableContent,
                        code: "invalid_model_name", field: "destination")
                }
                expectError(
                    try await api.post("\(base)/load", ["model": "llama3.2", "keep_alive": "forever"]), .unprocessableContent,
                    field: "keep_alive")
                expectError(
                    try await api.post("\(base)/copy", ["source": "llama3.2", "destination": "Llama3.2:latest"]), .conflict,
                    code: "copy_to_itself")
                expectError(try await api.post("\(base)/pull", ["model": "llama3.2", "insecure": true]), .badRequest)
                #expect(
                    upstream.server.requests.count == before,
                    "no call reached Ollama: \(upstream.server.requests.dropFirst(before).map(\.uri))")
                // No job was created for a refused pull.
                let jobs = try await api.get("/api/jobs?kind=pull")
                #expect(jobs.items.isEmpty, "\(jobs)")
            }
        }
    }

    @Test("only enabled Ollama connections are managed; unknown ones are 404")
    func wrongConnection() async throws {
        try await TestServer.withApp(.sqlite) { api in
            expectError(try await api.get("/api/providers/mistral/ollama/models"), .conflict, code: "provider_not_ollama")
            expectError(try await api.get("/api/providers/local/ollama/running"), .conflict, code: "provider_not_ollama")
            expectError(try await api.get("/api/providers/nope/ollama/models"), .notFound, code: "provider_not_found")
            expectError(try await api.post("/api/providers/nope/ollama/pull", ["model": "llama3.2"]), .notFound, code: "provider_not_found")
            #expect(try await api.patch("/api/providers/ollama", ["enabled": false]).status == .ok)
            expectError(try await api.get("/api/providers/ollama/ollama/models"), .conflict, code: "provider_disabled")
        }
    }

    @Test("a server that is down is upstream_unreachable at once; another server keeps working")
    func unreachable() async throws {
        try await withClosedPort { port in
            try await FakeOllama.withServer(models: ["qwen2.5:0.5b"]) { upstream in
                try await TestServer.withApp(.sqlite) { api in
                    let down = try await Self.createServer(api, name: "Down", baseURL: "http://127.0.0.1:\(port)")
                    let up = try await Self.createServer(api, name: "Up", baseURL: upstream.server.baseURL)
                    let clock = ContinuousClock()
                    let started = clock.now
                    let failed = try await api.get("/api/providers/\(down)/ollama/models")
                    expectError(failed, .badGateway, code: "upstream_unreachable", messageContains: "127.0.0.1:\(port)")
                    #expect(clock.now - started < .seconds(5))
                    expectError(try await api.get("/api/providers/\(down)/ollama/running"), .badGateway, code: "upstream_unreachable")
                    expectError(
                        try await api.post("/api/providers/\(down)/ollama/eject", ["model": "x"]), .badGateway, code: "upstream_unreachable"
                    )
                    let working = try await api.get("/api/providers/\(up)/ollama/models")
                    #expect(working.status == .ok, "\(working)")
                    #expect((working.object["models"] as? [[String: Any]])?.map { $0["name"] as? String } == ["qwen2.5:0.5b"])
                }
            }
        }
    }

    @Test("a silent server is upstream_timeout after the configured timeout, not a hang")
    func silent() async throws {
        try await FakeOllama.withServer(mode: .silent) { upstream in
            var configuration = TestServer.configuration(try await TestDatabases.makeLocation(.sqlite))
            configuration.ollamaTimeoutSeconds = 1
            try await TestServer.withApp(configuration) { api in
                let id = try await Self.createServer(api, name: "Slow", baseURL: upstream.server.baseURL)
                let clock = ContinuousClock()
                let started = clock.now
                expectError(try await api.get("/api/providers/\(id)/ollama/models"), .gatewayTimeout, code: "upstream_timeout")
                #expect(clock.now - started < .seconds(5))
            }
        }
    }

    @Test("the list is cached a few seconds; refresh=true asks the server again")
    func listCache() async throws {
        try await FakeOllama.withServer(models: ["llama3.2:latest", "qwen2.5:0.5b"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let id = try await Self.createServer(api, name: "Box", baseURL: upstream.server.baseURL)
                let tags = { upstream.server.requests.filter { $0.path == "/api/tags" }.count }
                let first = try await api.get("/api/providers/\(id)/ollama/models")
                #expect(first.object["cached"] as? Bool == false, "\(first)")
                let models = try #require(first.object["models"] as? [[String: Any]])
                #expect(models.map { $0["name"] as? String } == ["llama3.2:latest", "qwen2.5:0.5b"])
                let llama = models[0]
                let served = try #require(upstream.installedModel("llama3.2:latest"))
                #expect(llama["digest"] as? String == served.digest)
                #expect(llama["size"] as? Int == served.size)
                #expect(llama["family"] as? String == "llama" && llama["parameter_size"] as? String == "3.2B")
                #expect(llama["quantization_level"] as? String == "Q4_K_M")
                #expect(llama["update"] is NSNull)
                #expect(tags() == 1)
                let second = try await api.get("/api/providers/\(id)/ollama/models")
                #expect(second.object["cached"] as? Bool == true)
                #expect(second.object["fetched_at"] as? String == first.object["fetched_at"] as? String)
                #expect(tags() == 1, "served from the cache")
                let refreshed = try await api.get("/api/providers/\(id)/ollama/models?refresh=true")
                #expect(refreshed.object["cached"] as? Bool == false)
                #expect(tags() == 2)
            }
        }
    }

    @Test("the library unreachable is library_unavailable; the server's own routes still work")
    func libraryDown() async throws {
        try await withClosedPort { port in
            try await FakeOllama.withServer { upstream in
                var configuration = TestServer.configuration(try await TestDatabases.makeLocation(.sqlite))
                configuration.ollamaLibrary = "http://127.0.0.1:\(port)"
                try await TestServer.withApp(configuration) { api in
                    let id = try await Self.createServer(api, name: "Box", baseURL: upstream.server.baseURL)
                    expectError(try await api.get("/api/providers/\(id)/ollama/library?q=qwen"), .badGateway, code: "library_unavailable")
                    expectError(
                        try await api.get("/api/providers/\(id)/ollama/library/variants?model=qwen2.5"), .badGateway,
                        code: "library_unavailable")
                    expectError(
                        try await api.get("/api/providers/\(id)/ollama/library/variants?model=qwen2.5:7b"), .unprocessableContent,
                        code: "invalid_model_name")
                    #expect(try await api.get("/api/providers/\(id)/ollama/models").status == .ok)
                }
            }
        }
    }
}
