import Foundation
import HangarCore
import Jobs
import Logging
import ServiceLifecycle

/// Runs an update check of every enabled Ollama server every `ollama_update_check_hours`
/// (0 = off). Due is judged from each server's last check job, so a restart does not check
/// again at once and replicas do not check twice (an active check is reused).
public struct UpdateCheckSchedule: Service {
    let service: OllamaService
    let jobs: JobQueue
    let logger: Logger
    /// How often it looks whether a check is due.
    let tick: Duration

    public init(service: OllamaService, jobs: JobQueue, logger: Logger, tick: Duration = .seconds(60)) {
        self.service = service
        self.jobs = jobs
        self.logger = logger
        self.tick = tick
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await checkDue()
                try? await Task.sleep(for: tick)
            }
        }
    }

    /// Enqueues the checks that are due now; returns their jobs.
    @discardableResult
    public func checkDue(now: Date = Date()) async -> [Job] {
        let hours = await service.settings.system?().ollamaUpdateCheckHours ?? 0
        guard hours > 0, let providers = try? await service.catalog.providers() else { return [] }
        var started: [Job] = []
        for provider in providers where provider.kind == .ollama && provider.enabled {
            do {
                let target = OllamaService.checkTarget(providerID: provider.id)
                let last = try await jobs.latestJob(kind: OllamaService.checkUpdatesKind, target: target)
                if let last, let at = Timestamp.parse(last.createdAt), now.timeIntervalSince(at) < Double(hours) * 3600 { continue }
                let (job, created) = try await service.checkUpdates(providerID: provider.id, on: jobs)
                if created { started.append(job) }
            } catch {
                logger.warning("scheduled update check not started", metadata: ["provider": "\(provider.id)", "error": "\(error)"])
            }
        }
        return started
    }
}
