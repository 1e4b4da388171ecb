import Catalog
import Foundation
import HangarCore
import HangarTesting
import Jobs
import LocalModels
import Secrets
import Storage
import Testing

/// The builtin Qwen model (and every local model) is `downloaded` exactly when its file is in
/// the models directory with a valid GGUF header.
@Suite(.timeLimit(.minutes(2))) struct LocalFileAuditTests {
    static let qwenID = "local-qwen3-0.6b-q4_0"

    @Test(arguments: TestDatabases.engines)
    func theBuiltinQwenModelTellsTheTruthAboutTheDisk(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            let models = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-models-\(UUID().uuidString.prefix(8))").path
            let service = Self.service(database: database, modelsDirectory: models)
            let audit = LocalFileAudit(service: service, logger: TestDatabases.logger)
            let path = try ModelPaths.localPath(
                modelsDirectory: models,
                file: HubFileReference(repo: BuiltinCatalog.qwenRepo, revision: "main", file: BuiltinCatalog.qwenFile))

            try await audit.run()
            var qwen = try await service.catalog.model(id: Self.qwenID)
            #expect(qwen.downloadStatus == .pending && qwen.downloaded == false)

            let bytes = GGUFBuilder.model(architecture: "qwen3", fileType: 2, contextLength: 40_960).build(tensorData: 4096)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try await audit.run()
            qwen = try await service.catalog.model(id: Self.qwenID)
            #expect(qwen.downloadStatus == .downloaded && qwen.downloaded == true)
            #expect(qwen.localPath == path)
            #expect(qwen.fileSizeBytes == Int64(bytes.count))
            #expect(qwen.gguf?.architecture == "qwen3")
            #expect(qwen.gguf?.quantization == "Q4_0")

            // A file cut short is not a model: the status says so, and why.
            try Data(bytes.prefix(40)).write(to: URL(fileURLWithPath: path))
            try await audit.run()
            qwen = try await service.catalog.model(id: Self.qwenID)
            #expect(qwen.downloadStatus == .failed && qwen.downloaded == false)
            #expect(qwen.downloadError?.contains("not a valid GGUF") == true)

            // Restored, then deleted by hand.
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try await audit.run()
            #expect(try await service.catalog.model(id: Self.qwenID).downloaded == true)
            try FileManager.default.removeItem(atPath: path)
            try await audit.run()
            qwen = try await service.catalog.model(id: Self.qwenID)
            #expect(qwen.downloaded == false && qwen.localPath == nil)
            #expect(qwen.downloadError?.contains("no longer in the models directory") == true)
        }
    }

    @Test func aModelWithAnActiveDownloadIsLeftToItsJob() async throws {
        try await TestDatabases.withDatabase(.sqlite) { database in
            try await CatalogSeeder.seed(database)
            let models = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-models-\(UUID().uuidString.prefix(8))").path
            let service = Self.service(database: database, modelsDirectory: models)
            _ = try await service.start(modelID: Self.qwenID)
            #expect(try await service.catalog.model(id: Self.qwenID).downloadStatus == .downloading)
            try await LocalFileAudit(service: service, logger: TestDatabases.logger).run()
            #expect(try await service.catalog.model(id: Self.qwenID).downloadStatus == .downloading)
        }
    }

    /// A split model is there when every part is; its size is theirs together.
    @Test func aSplitModelNeedsEveryPart() async throws {
        try await TestDatabases.withDatabase(.sqlite) { database in
            try await CatalogSeeder.seed(database)
            let models = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-models-\(UUID().uuidString.prefix(8))").path
            let service = Self.service(database: database, modelsDirectory: models)
            let first = "big-Q8_0-00001-of-00002.gguf"
            let model = try await service.catalog.createModel(
                ModelDraft(providerID: "local", name: "Big", apiName: "big", hfRepo: "acme/big-GGUF", modelFile: first))
            let references = ModelParts.references(HubFileReference(repo: "acme/big-GGUF", file: first))
            #expect(references.map(\.file) == [first, "big-Q8_0-00002-of-00002.gguf"])
            let paths = try references.map { try ModelPaths.localPath(modelsDirectory: models, file: $0) }
            let header = GGUFBuilder.model().build(tensorData: 4096)
            try FileManager.default.createDirectory(
                atPath: (paths[0] as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(header).write(to: URL(fileURLWithPath: paths[0]))
            let audit = LocalFileAudit(service: service, logger: TestDatabases.logger)
            try await audit.run()
            #expect(try await service.catalog.model(id: model.id).downloaded == false)
            try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: paths[1]))
            try await audit.run()
            var found = try await service.catalog.model(id: model.id)
            #expect(found.downloaded == true && found.fileSizeBytes == Int64(header.count + 1000) && found.localPath == paths[0])
            try FileManager.default.removeItem(atPath: paths[1])
            try await audit.run()
            found = try await service.catalog.model(id: model.id)
            #expect(found.downloaded == false && found.downloadError?.contains("A part of the model") == true)
        }
    }

    static func service(database: any Database, modelsDirectory: String) -> DownloadService {
        let bus = EventBus(database: database, logger: TestDatabases.logger)
        let catalog = CatalogService(
            database: database, secrets: SecretBox(key: .random()), events: CatalogEvents(bus: bus, logger: TestDatabases.logger))
        let settings = LocalModelSettings(modelsDirectory: modelsDirectory, hubEndpoint: "http://127.0.0.1:9")
        let handler = DownloadJobHandler(catalog: catalog, settings: settings, logger: TestDatabases.logger)
        let queue = JobQueue(database: database, events: bus, handlers: [handler], logger: TestDatabases.logger)
        return DownloadService(catalog: catalog, jobs: queue, settings: settings)
    }
}
