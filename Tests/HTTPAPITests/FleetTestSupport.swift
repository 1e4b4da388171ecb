import App
import Foundation
import HangarTesting
import Storage
import Testing

/// A live Hangar (worker pool running) with several fake Ollama servers, one connection each
/// (`GPU A`, `GPU B`, …), plus one connection whose server is unreachable: the fleet routes'
/// world. The fakes and the registry share one catalog, so digests and updates agree.
enum LiveFleet {
    struct Fixture: Sendable {
        let http: LiveHTTP
        let servers: [FakeOllama]
        let ids: [String]
        let unreachableID: String
        let registry: FakeOllamaRegistry

        func post(_ path: String, _ json: String) async throws -> LiveHTTP.Answer { try await http.send(.POST, path, json: json) }

        /// The ids as a JSON array, for request bodies.
        static func list(_ ids: [String]) -> String { "[" + ids.map { "\"\($0)\"" }.joined(separator: ",") + "]" }

        /// Follows the job's event stream to its end and returns the last event's job.
        func finish(job id: String) async throws -> [String: Any] {
            let last = Box<[String: Any]>([:])
            try await http.events("/api/jobs/\(id)/events") { event in
                last.value = try event.json()
                return event.name != "done" && event.name != "error"
            }
            return last.value
        }

        func drift() async throws -> [String: [String: Any]] {
            let answer = try await http.send(.GET, "/api/ollama/drift")
            try #require(answer.status == 200, "\(answer)")
            let servers = try #require(try answer.json()["servers"] as? [[String: Any]], "\(answer)")
            return Dictionary(uniqueKeysWithValues: servers.map { ($0["provider_id"] as? String ?? "", $0) })
        }

        func pin(_ model: String, _ ids: [String]) async throws {
            let answer = try await http.send(.PUT, "/api/ollama/desired", json: #"{"model":"\#(model)","provider_ids":\#(Self.list(ids))}"#)
            try #require(answer.status == 200, "\(answer)")
        }

        /// Runs a check-updates job on the server and waits for it to end.
        func checkUpdates(_ id: String) async throws {
            let started = try await http.send(.POST, "/api/providers/\(id)/ollama/check-updates")
            let job = try await finish(job: try #require(try started.json()["id"] as? String, "\(started)"))
            try #require(job["state"] as? String == "succeeded", "\(job)")
        }

        /// The total of requests every fake has received: unchanged means nothing was sent.
        var upstreamRequests: Int { servers.map { $0.server.requests.count }.reduce(0, +) }
    }

    static func run(
        _ engine: DatabaseEngine, installed: [[String]], _ body: @escaping @Sendable (Fixture) async throws -> Void
    ) async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllamaRegistry.withServer(catalog: catalog) { registry in
            try await withFakes(installed[...], catalog: catalog) { servers in
                try await FakeOllama.withUnreachableURL { nowhere in
                    let location = try await TestDatabases.makeLocation(engine)
                    var configuration = TestServer.configuration(location)
                    configuration.ollamaRegistry = registry.server.baseURL
                    try await TestServer.withLiveServer(configuration) { port in
                        let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token)
                        var ids: [String] = []
                        for (index, server) in servers.enumerated() {
                            ids.append(try await connect(http, name: "GPU \(["A", "B", "C", "D"][index])", url: server.server.baseURL))
                        }
                        let unreachable = try await connect(http, name: "Offline", url: nowhere)
                        try await body(Fixture(http: http, servers: servers, ids: ids, unreachableID: unreachable, registry: registry))
                    }
                }
            }
        }
    }

    static func connect(_ http: LiveHTTP, name: String, url: String) async throws -> String {
        let created = try await http.send(.POST, "/api/providers", json: #"{"kind":"ollama","name":"\#(name)","base_url":"\#(url)"}"#)
        try #require(created.status == 201, "\(created)")
        return try #require(try created.json()["id"] as? String)
    }

    private static func withFakes(
        _ installed: ArraySlice<[String]>, catalog: FakeOllamaCatalog, started: [FakeOllama] = [],
        _ body: ([FakeOllama]) async throws -> Void
    ) async throws {
        guard let models = installed.first else { return try await body(started) }
        try await FakeOllama.withServer(models: models, catalog: catalog) { fake in
            try await withFakes(installed.dropFirst(), catalog: catalog, started: started + [fake], body)
        }
    }
}

extension LiveHTTP.Answer {
    /// The error body's code, or nil.
    var errorCode: String? { ((try? json())?["error"] as? [String: Any])?["code"] as? String }
}
