import App
import Foundation
import HangarTesting
import Storage
import Testing

/// A live Hangar (real socket, worker pool running) whose Ollama connection, registry and
/// library are the fakes, all built on one catalog so digests agree.
enum LiveOllama {
    struct Fixture: Sendable {
        let http: LiveHTTP
        let ollama: FakeOllama
        let registry: FakeOllamaRegistry
        let library: FakeOllamaLibrary
        let catalog: FakeOllamaCatalog
        let providerID: String

        var base: String { "/api/providers/\(providerID)/ollama" }

        func get(_ path: String) async throws -> LiveHTTP.Answer { try await http.send(.GET, base + path) }

        func post(_ path: String, _ json: String) async throws -> LiveHTTP.Answer {
            try await http.send(.POST, base + path, json: json)
        }

        /// Follows a job's stream to its end; returns every event's name and job. `onEvent`
        /// sees each job as it arrives (to act on progress).
        func follow(
            job id: String, onEvent: @escaping @Sendable ([String: Any]) -> Void = { _ in }
        ) async throws -> [(name: String, job: [String: Any])] {
            let seen = Box<[(name: String, job: [String: Any])]>([])
            try await http.events("/api/jobs/\(id)/events") { event in
                let job = try event.json()
                onEvent(job)
                seen.value.append((event.name, job))
                return event.name != "done" && event.name != "error"
            }
            return seen.value
        }

        func modelNames(refresh: Bool = true) async throws -> [String] {
            let list = try await get("/models\(refresh ? "?refresh=true" : "")").json()
            return (list["models"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
    }

    static func run(
        _ engine: DatabaseEngine, installed: [String] = ["llama3.2:latest", "qwen2.5:0.5b"],
        _ body: @escaping @Sendable (Fixture) async throws -> Void
    ) async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllama.withServer(models: installed, catalog: catalog) { ollama in
            try await FakeOllamaRegistry.withServer(catalog: catalog) { registry in
                try await FakeOllamaLibrary.withServer(catalog: catalog) { library in
                    let location = try await TestDatabases.makeLocation(engine)
                    var configuration = TestServer.configuration(location)
                    configuration.ollamaRegistry = registry.server.baseURL
                    configuration.ollamaLibrary = library.server.baseURL
                    try await TestServer.withLiveServer(configuration) { port in
                        let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token)
                        let created = try await http.send(
                            .POST, "/api/providers", json: #"{"kind":"ollama","name":"Lab","base_url":"\#(ollama.server.baseURL)"}"#)
                        try #require(created.status == 201, "\(created)")
                        let id = try #require(try created.json()["id"] as? String)
                        try await body(
                            Fixture(
                                http: http, ollama: ollama, registry: registry, library: library, catalog: catalog, providerID: id))
                    }
                }
            }
        }
    }
}
