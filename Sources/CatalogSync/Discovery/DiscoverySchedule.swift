import Foundation
import HangarCore
import Logging
import ServiceLifecycle
import Synchronization

/// Lists every enabled connection (not `local`) every `discovery_interval_hours` (0 = off) and
/// announces the ones serving models the catalog lacks. It never changes the catalog: adding
/// stays the admin's decision. Each connection's last run is kept in memory, so a restart lists
/// once at start; replicas each list, which costs one model-list call each and no writes.
public final class DiscoverySchedule: Service, Sendable {
    let discovery: DiscoveryService
    let events: DiscoveryEvents
    let intervalHours: @Sendable () async -> Int
    let logger: Logger
    /// How often it looks whether a listing is due.
    let tick: Duration
    private let lastRun = Mutex<[String: Date]>([:])

    public init(
        discovery: DiscoveryService, events: DiscoveryEvents, intervalHours: @escaping @Sendable () async -> Int, logger: Logger,
        tick: Duration = .seconds(60)
    ) {
        self.discovery = discovery
        self.events = events
        self.intervalHours = intervalHours
        self.logger = logger
        self.tick = tick
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.runDue()
                try? await Task.sleep(for: self.tick)
            }
        }
    }

    /// Lists the connections due at `now` and announces those with new models; returns the
    /// proposals announced. Tests call it with the time they want, in place of waiting.
    @discardableResult
    public func runDue(now: Date = Date()) async -> [DiscoveryProposal] {
        let hours = await intervalHours()
        guard hours > 0, let providers = try? await discovery.catalog.providers() else { return [] }
        var announced: [DiscoveryProposal] = []
        for provider in providers where Self.listable(provider) {
            let due = lastRun.withLock { runs in
                guard let last = runs[provider.id], now.timeIntervalSince(last) < Double(hours) * 3600 else {
                    runs[provider.id] = now
                    return true
                }
                return false
            }
            guard due else { continue }
            do {
                let proposal = try await discovery.propose(providerID: provider.id)
                guard !proposal.new.isEmpty else { continue }
                await events.available(proposal)
                announced.append(proposal)
            } catch {
                logger.info("scheduled discovery failed", metadata: ["provider": "\(provider.id)", "error": "\(error)"])
            }
        }
        return announced
    }

    /// Enabled connections with an upstream, skipping hosted APIs without a key: they can only
    /// answer 401, and the schedule would call them for nothing every interval.
    static func listable(_ provider: Provider) -> Bool {
        guard provider.enabled else { return false }
        switch provider.kind {
        case .local: return false
        case .ollama, .openAICompatible: return true
        case .openai, .mistral, .azureOpenAI: return provider.apiKeyConfigured
        }
    }
}
