import App
import Catalog
import Foundation
import Gateway
import Governance
import HangarTesting
import Jobs
import LocalModels
import Ollama
import Providers
import Storage
import Testing

@testable import HTTPAPI

/// A live server (real socket, so event streams can be read) whose Hub is a `FakeHub`.
enum LiveDownloads {
    static let repo = "acme/Tiny-GGUF"
    static let file = "tiny-Q4_0.gguf"

    struct Fixture: Sendable {
        let http: LiveHTTP
        let hub: FakeHub
        let dataDirectory: String

        /// Creates a local model of `repo`/`file` (`download_now` as given) and returns its id.
        func createLocal(
            name: String = "Tiny", repo: String = LiveDownloads.repo, file: String = LiveDownloads.file,
            downloadNow: Bool, extra: String = ""
        ) async throws -> String {
            let answer = try await http.send(
                .POST, "/api/models",
                json: """
                    {"provider_id":"local","name":"\(name)","api_name":"\(name.lowercased())","hf_repo":"\(repo)",\
                    "model_file":"\(file)","download_now":\(downloadNow)\(extra)}
                    """)
            try #require(answer.status == 201, "\(answer)")
            return try #require(try answer.json()["id"] as? String)
        }

        /// Follows the job's event stream to its end and returns the last event's job.
        func finish(job jobID: String) async throws -> [String: Any] {
            let last = Box<[String: Any]>([:])
            try await http.events("/api/jobs/\(jobID)/events") { event in
                last.value = try event.json()
                return event.name != "done" && event.name != "error"
            }
            return last.value
        }

        func jobID(ofModel modelID: String) async throws -> String {
            let state = try await http.send(.GET, "/api/models/\(modelID)/download-status").json()
            return try #require(state["job_id"] as? String, "\(state)")
        }

        var modelsDirectory: String { dataDirectory + "/models" }
    }

    /// `trustingFakes` gives the server the fakes' authority as its CA bundle, for a Hub on TLS.
    static func run(
        _ engine: DatabaseEngine, hubTLS: FakeHub.TLS = .none, trustingFakes: Bool = false,
        _ body: @escaping @Sendable (Fixture) async throws -> Void
    ) async throws {
        try await FakeHub.withHub(tls: hubTLS) { hub in
            let location = try await TestDatabases.makeLocation(engine)
            var configuration = TestServer.configuration(location)
            configuration.hubEndpoint = hub.hubURL
            if trustingFakes { configuration.caBundle = try FakeTLSIdentity.writeBundle(in: location.dataDirectory) }
            try await TestServer.withLiveServer(configuration) { port in
                try await body(
                    Fixture(
                        http: LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token), hub: hub,
                        dataDirectory: location.dataDirectory))
            }
        }
    }
}

/// Holds what an event callback saw (the callback runs on one task at a time).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

extension LiveServices {
    /// The live parts over `catalog`'s database with nothing running: enough for handlers
    /// that only read the catalog.
    static func unstarted(catalog: CatalogService, modelsDirectory: String) -> LiveServices {
        let bus = EventBus(database: catalog.database, logger: TestServer.logger)
        let queue = JobQueue(database: catalog.database, events: bus, logger: TestServer.logger)
        let settings = LocalModelSettings(modelsDirectory: modelsDirectory, hubEndpoint: "http://127.0.0.1:9")
        let system = SettingsService(database: catalog.database, defaults: SettingsDefaults())
        return LiveServices(
            events: bus, jobs: queue, downloads: DownloadService(catalog: catalog, jobs: queue, settings: settings),
            ollama: OllamaService(catalog: catalog, database: catalog.database, settings: OllamaSettings()), settings: system,
            modelTests: ModelTestService(catalog: catalog, database: catalog.database, governor: CallGovernor(database: catalog.database)),
            usage: UsageReporter(database: catalog.database), importer: ConfigurationImporter(catalog: catalog, settings: system),
            gateway: .over(database: catalog.database, catalog: catalog, settings: system, events: bus))
    }
}
