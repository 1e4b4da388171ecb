import HangarCore
import Logging
import ServiceLifecycle

/// Reads each enabled Ollama server's `/api/ps` every `ollama_status_poll_seconds` (read again
/// each round, so a change applies without a restart) and records what it finds, so statuses
/// follow models loaded, expired or unloaded outside Hangar. Every replica polls; a state is
/// written only when it changes.
public struct RuntimePoller: Service {
    let service: OllamaService
    let logger: Logger
    /// The pause while polling is off, before the setting is read again.
    static let idle = Duration.seconds(10)

    public init(service: OllamaService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let seconds = await service.settings.system?().ollamaStatusPollSeconds ?? 10
                if seconds > 0 { await pollOnce() }
                try? await Task.sleep(for: seconds > 0 ? .seconds(seconds) : Self.idle)
            }
        }
    }

    /// One round over every enabled Ollama server, at once.
    public func pollOnce() async {
        guard let providers = try? await service.catalog.providers() else { return }
        await withTaskGroup(of: Void.self) { group in
            for provider in providers where provider.kind == .ollama && provider.enabled {
                group.addTask { await poll(providerID: provider.id) }
            }
        }
    }

    func poll(providerID: String) async {
        do {
            let running: [OllamaRunningModel]
            do {
                running = try await service.server(of: providerID).running()
            } catch let error as HangarError {
                try await service.runtime.unreachable(
                    providerID: providerID, message: "The server did not list its running models: \(error.message)")
                return
            }
            try await service.runtime.observed(providerID: providerID, running: running)
        } catch {
            logger.warning("runtime poll failed", metadata: ["provider": "\(providerID)", "error": "\(error)"])
        }
    }
}
