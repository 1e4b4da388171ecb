import Foundation
import HangarCore
import Jobs

/// Runs `start` jobs: loads the model on one server with the job's `keep_alive`, then records
/// it `running` (with what `/api/ps` says of it) or `error` with the server's reason.
public struct StartJobHandler: JobHandler {
    public let kind = OllamaService.startKind
    public var concurrency: Int { service.settings.pullConcurrency }

    let service: OllamaService

    public init(service: OllamaService) {
        self.service = service
    }

    public func run(_ context: JobContext) async throws {
        guard let payload = context.payload.flatMap({ try? JSONDecoder().decode(StartPayload.self, from: Data($0.utf8)) }),
            let name = try? OllamaName(payload.name)
        else {
            throw JobFailure(code: .invalidPayload, message: "This start job does not name a server and a model.")
        }
        await context.report(JobProgress(phase: "loading", message: name.raw))
        // Again on a retry or after a restart, which may have found it stopped meanwhile.
        try await service.runtime.set(providerID: payload.providerID, name: payload.name, .loading, jobID: context.job.id)
        do {
            let server = try await service.server(of: payload.providerID)
            let loaded = try await server.load(name, keepAlive: payload.keepAlive)
            // `running` with its expiry and memory when `/api/ps` already lists it (one write,
            // one event); else plainly `running`, and the poller fills them in.
            if let entry = try? await service.loadedEntry(name, on: server) {
                try await service.runtime.observed(providerID: payload.providerID, running: [entry], only: true)
            } else {
                try await service.runtime.set(providerID: payload.providerID, name: payload.name, .running)
            }
            context.setResult(
                .object(["model": .string(name.raw), "load_duration_ms": loaded.loadDurationMs.map(JSONValue.number) ?? .null]))
        } catch let error as HangarError {
            try? await service.runtime.set(
                providerID: payload.providerID, name: payload.name, .error, message: error.message, cause: "start")
            throw JobFailure(code: error.code, message: error.message)
        } catch is CancellationError {
            try? await service.runtime.set(providerID: payload.providerID, name: payload.name, .stopped)
            throw CancellationError()
        }
    }
}
