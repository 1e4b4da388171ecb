import Catalog
import Foundation
import HangarCore
import HangarTesting
import Jobs
import Secrets
import Storage
import Testing

/// Every write of a connection or model goes through the catalog service, which announces it
/// once, after its commit, with the row it returns.
@Suite struct CatalogEventsTests {
    /// A seeded catalog that publishes on a bus, and a reader of the events published since the
    /// last read.
    static func withAnnouncingCatalog(
        _ engine: DatabaseEngine, _ body: @Sendable @escaping (CatalogService, EventLog) async throws -> Void
    ) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            let bus = EventBus(database: database, logger: TestDatabases.logger)
            let catalog = CatalogService(
                database: database, secrets: SecretBox(key: .random()), events: CatalogEvents(bus: bus, logger: TestDatabases.logger))
            try await body(catalog, EventLog(bus: bus, after: try await bus.latestEventID()))
        }
    }

    actor EventLog {
        let bus: EventBus
        var seen: Int64

        init(bus: EventBus, after id: Int64) {
            self.bus = bus
            self.seen = id
        }

        /// The events published since the last call.
        func new() async throws -> [HangarEvent] {
            let events = try await bus.storedEvents(after: seen)
            if let last = events.last { seen = last.id }
            return events
        }
    }

    /// Whether the event's JSON is the object `value` encodes to (key order aside).
    static func carries(_ event: HangarEvent?, _ value: some Encodable) throws -> Bool {
        guard let event else { return false }
        let sent = try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? NSDictionary
        return sent != nil && sent == expected
    }

    @Test(arguments: TestDatabases.engines)
    func eachWriteIsAnnouncedOnceWithTheRowItReturns(_ engine: DatabaseEngine) async throws {
        try await Self.withAnnouncingCatalog(engine) { catalog, log in
            let provider = try await catalog.createProvider(
                ProviderDraft(kind: "openai-compatible", name: "Lab", baseURL: "http://127.0.0.1:9/v1"))
            #expect(try await log.new().map(\.summary) == ["provider created \(provider.id)"])
            let renamed = try await catalog.updateProvider(id: provider.id, ProviderPatch(name: "Lab 2"))
            let events = try await log.new()
            #expect(events.map(\.summary) == ["provider updated \(provider.id)"])
            #expect(try Self.carries(events.first, renamed))

            let model = try await catalog.createModel(CatalogFixture.hosted("Echo", provider: provider.id))
            let created = try await log.new()
            #expect(created.map(\.summary) == ["model created \(model.id)"])
            #expect(try Self.carries(created.first, model))
            let deprecated = try await catalog.deprecateModel(id: model.id, replacementID: nil)
            let updated = try await log.new()
            #expect(updated.map(\.summary) == ["model updated \(model.id)"])
            #expect(try Self.carries(updated.first, deprecated))

            try await catalog.recordUse(modelID: model.id, at: Timestamp.now())
            #expect(try await log.new().map(\.summary) == ["model updated \(model.id)"])

            try await catalog.deleteModel(id: model.id)
            #expect(try await log.new().map(\.summary) == ["model deleted \(model.id)"])
            try await catalog.deleteProvider(id: provider.id, cascade: false)
            #expect(try await log.new().map(\.summary) == ["provider deleted \(provider.id)"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aRefusedWriteAnnouncesNothing(_ engine: DatabaseEngine) async throws {
        try await Self.withAnnouncingCatalog(engine) { catalog, log in
            await #expect(throws: HangarError.self) {
                _ = try await catalog.createProvider(ProviderDraft(kind: "openai", name: "", baseURL: "http://127.0.0.1:9"))
            }
            await #expect(throws: HangarError.self) { try await catalog.deleteModel(id: "missing") }
            let events = try await log.new()
            #expect(events.isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func downloadStateChangesOfALocalModelAreAnnounced(_ engine: DatabaseEngine) async throws {
        try await Self.withAnnouncingCatalog(engine) { catalog, log in
            let model = try await catalog.createModel(
                ModelDraft(providerID: "local", name: "Tiny", apiName: "tiny", hfRepo: "owner/repo", modelFile: "tiny.gguf"))
            _ = try await log.new()
            let written = try await catalog.recordDownloadStatus(.downloading, modelID: model.id)
            #expect(written)
            let events = try await log.new()
            #expect(events.map(\.summary) == ["model updated \(model.id)"])
            #expect(events.first?.data.contains(#""download_status":"downloading""#) == true)
            // A model that is gone is not announced.
            let missing = try await catalog.recordDownload(.notDownloaded(.failed), modelID: "missing")
            #expect(missing == false)
            #expect(try await log.new().isEmpty)
        }
    }
}

extension HangarEvent {
    fileprivate var summary: String { "\(type) \(action) \(subjectID)" }
}
