import Catalog
import Foundation
import HangarCore
import Logging
import ServiceLifecycle

/// Deprecates every active model whose `deprecation_date` has passed (UTC), naming as its
/// replacement the successor its price data gave when that model is in the catalog on the
/// same connection and active. It looks at start and then every `tick` (an hour), so a date
/// is acted on within an hour of midnight; replicas doing the same find nothing left to do.
public struct DeprecationSchedule: Service {
    let catalog: CatalogService
    let logger: Logger
    let tick: Duration
    let now: @Sendable () -> Date

    public init(catalog: CatalogService, logger: Logger, tick: Duration = .seconds(3600), now: @escaping @Sendable () -> Date = Date.init) {
        self.catalog = catalog
        self.logger = logger
        self.tick = tick
        self.now = now
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                try? await Task.sleep(for: tick)
            }
        }
    }

    /// What one round deprecated and what it had to leave (a connection's default with no
    /// successor in the catalog: the admin chooses the next default first).
    public struct Outcome: Sendable, Equatable {
        public var deprecated: [CatalogModel] = []
        public var skipped: [String: String] = [:]
    }

    @discardableResult
    public func runOnce() async -> Outcome {
        var outcome = Outcome()
        let today = CivilDay(utc: now())
        let due: [CatalogModel]
        do {
            due = try await catalog.pastDeprecationDate(today: today)
        } catch {
            logger.warning("deprecation dates not read", metadata: ["error": "\(error)"])
            return outcome
        }
        for model in due {
            do {
                let successor = try await model.successorAPIName.asyncFlatMap {
                    try await catalog.model(providerID: model.providerID, apiName: $0)
                }
                let replacement = successor.flatMap { $0.status == .active && $0.id != model.id ? $0.id : nil }
                outcome.deprecated.append(try await catalog.deprecateModel(id: model.id, replacementID: replacement))
                logger.notice(
                    "model deprecated on its deprecation date",
                    metadata: ["model": "\(model.id)", "date": "\(model.deprecationDate ?? "")", "replacement": "\(replacement ?? "none")"])
            } catch {
                outcome.skipped[model.id] = (error as? HangarError)?.message ?? "\(error)"
                logger.warning("model past its deprecation date left active", metadata: ["model": "\(model.id)", "error": "\(error)"])
            }
        }
        return outcome
    }
}

extension Optional {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
