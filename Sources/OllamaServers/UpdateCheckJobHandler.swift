import HangarCore
import Jobs

/// Runs `check_updates` jobs: every model of one server against the registry, one at a time
/// (a registry is shared with everyone; there is no hurry).
public struct UpdateCheckJobHandler: JobHandler {
    public let kind = OllamaService.checkUpdatesKind
    public let concurrency = 2

    let service: OllamaService

    public init(service: OllamaService) {
        self.service = service
    }

    public func run(_ context: JobContext) async throws {
        guard let providerID = OllamaService.providerID(ofCheckTarget: context.job.target) else {
            throw JobFailure(code: "invalid_target", message: "This update check does not name a server.")
        }
        do {
            try await service.runUpdateCheck(providerID: providerID) { done, total in
                await context.report(JobProgress(
                    percent: total > 0 ? Double(done) / Double(total) * 100 : 100, phase: "checking",
                    message: "\(done)/\(total)"))
            }
        } catch let error as HangarError {
            throw JobFailure(code: error.code, message: error.message)
        }
    }
}
