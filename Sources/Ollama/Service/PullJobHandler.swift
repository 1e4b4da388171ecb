import Foundation
import HangarCore
import Jobs
import LocalModels
import Logging

/// Runs `pull` jobs: streams Ollama's pull, sums its layers into the job's progress, and
/// fails the job with Ollama's own words when the stream carries an error. Cancelling the job
/// cancels this task, which closes the stream; Ollama stops a pull whose client went away.
public struct PullJobHandler: JobHandler {
    public let kind = OllamaService.pullKind
    public var concurrency: Int { service.settings.pullConcurrency }

    let service: OllamaService
    let logger: Logger

    public init(service: OllamaService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    public func run(_ context: JobContext) async throws {
        guard let payload = context.payload.flatMap({ try? JSONDecoder().decode(PullPayload.self, from: Data($0.utf8)) }),
            let name = try? OllamaName(payload.model)
        else {
            throw JobFailure(code: .invalidPayload, message: "This pull job does not name a server and a model.")
        }
        defer { service.invalidate(providerID: payload.providerID) }
        let meter = ProgressMeter(interval: .zero)
        do {
            let server = try await service.server(of: payload.providerID)
            try await server.pull(name) { progress in
                await context.report(Self.jobProgress(progress, meter: meter))
            }
            // The digest the server now has, for whoever reads the job; the pull stands without it.
            let pulled = try? await server.tags().first { (try? OllamaName($0.name))?.sameModel(as: name) == true }
            context.setResult(.object(["model": .string(name.raw), "digest": pulled.map { .string($0.digest) } ?? .null]))
        } catch let error as OllamaPullError {
            throw JobFailure(code: error.code, message: error.message)
        } catch let error as HangarError {
            throw JobFailure(code: error.code, message: error.message)
        }
    }

    static func jobProgress(_ progress: PullProgress, meter: ProgressMeter) -> JobProgress {
        let total = progress.bytesTotal > 0 ? progress.bytesTotal : nil
        let measured = meter.report(bytesDone: progress.bytesDone, total: total, attempt: 1, force: true)
        let downloading = progress.phase == .downloading
        return JobProgress(
            bytesDone: progress.bytesDone, bytesTotal: total,
            percent: progress.phase == .success ? 100 : progress.percent,
            bytesPerSecond: downloading ? measured?.bytesPerSecond : nil, etaSeconds: downloading ? measured?.etaSeconds : nil,
            phase: progress.phase.rawValue, message: progress.status)
    }
}
