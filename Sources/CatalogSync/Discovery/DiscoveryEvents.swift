import Foundation
import HangarCore
import Jobs
import Logging

/// The one publisher of discovery's events: `discovery` / `available` with the connection's id
/// and the proposal as data, when a connection serves models the catalog lacks.
public struct DiscoveryEvents: Sendable {
    let bus: EventBus
    let logger: Logger

    public init(bus: EventBus, logger: Logger) {
        self.bus = bus
        self.logger = logger
    }

    /// A failed publish is logged, not thrown: the next run finds the same models again.
    func available(_ proposal: DiscoveryProposal) async {
        let data = (try? JSONEncoder().encode(proposal)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        do {
            _ = try await bus.publish(type: "discovery", action: "available", subjectID: proposal.providerID, data: data)
        } catch {
            logger.warning("discovery event not published", metadata: ["provider": "\(proposal.providerID)", "error": "\(error)"])
        }
    }
}
