import Foundation
import HangarCore
import Jobs
import Logging

/// Publishes catalog changes on the event bus (`GET /api/events`). Only `CatalogService` holds
/// one, so every write of a connection or model is announced from one place, after its commit.
/// A failed publish is logged and swallowed: the change itself is committed, and clients
/// resynchronise on reconnect.
public struct CatalogEvents: Sendable {
    let bus: EventBus?
    let logger: Logger

    public init(bus: EventBus, logger: Logger) {
        self.bus = bus
        self.logger = logger
    }

    /// For a catalog nobody watches (tools and tests without an event bus).
    public static let silent = CatalogEvents(bus: nil, logger: Logger(label: "hangar.catalog.silent"))

    private init(bus: EventBus?, logger: Logger) {
        self.bus = bus
        self.logger = logger
    }

    public enum Action: String, Sendable {
        case created, updated, deleted
    }

    func model(_ model: CatalogModel, _ action: Action) async {
        await publish(type: "model", action: action, subjectID: model.id, data: Self.json(model))
    }

    func modelDeleted(id: String) async {
        await publish(type: "model", action: .deleted, subjectID: id, data: "null")
    }

    func provider(_ provider: Provider, _ action: Action) async {
        await publish(type: "provider", action: action, subjectID: provider.id, data: Self.json(provider))
    }

    func providerDeleted(id: String) async {
        await publish(type: "provider", action: .deleted, subjectID: id, data: "null")
    }

    private func publish(type: String, action: Action, subjectID: String, data: String) async {
        guard let bus else { return }
        do {
            try await bus.publish(type: type, action: action.rawValue, subjectID: subjectID, data: data)
        } catch {
            logger.warning("event not published", metadata: ["type": "\(type)", "subject": "\(subjectID)", "error": "\(error)"])
        }
    }

    static func json(_ value: some Encodable) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
