import HangarCore
import Jobs

/// Runs `check_updates` jobs: every model of one server against the registry, one at a time
/// (a registry is shared with everyone; there is no hurry).
public struct UpdateCheckJobHandler: JobHandler {
    /// `{"models": [{"name", "status", "reason", "local_digest", "remote_digest", "checked_at"}]}`, by name.
    static func result(_ checks: [String: OllamaUpdateCheck]) -> JSONValue {
        .object([
            "models": .array(
                checks.sorted { $0.key < $1.key }.map { name, check in
                    .object([
                        "name": .string(name), "status": .string(check.status.rawValue),
                        "reason": check.reason.map(JSONValue.string) ?? .null,
                        "local_digest": .string(check.localDigest), "remote_digest": check.remoteDigest.map(JSONValue.string) ?? .null,
                        "checked_at": .string(check.checkedAt),
                    ])
                })
        ])
    }

    public let kind = OllamaService.checkUpdatesKind
    public let concurrency = 2

    let service: OllamaService

    public init(service: OllamaService) {
        self.service = service
    }

    public func run(_ context: JobContext) async throws {
        guard let providerID = OllamaService.providerID(ofCheckTarget: context.job.target) else {
            throw JobFailure(code: .invalidTarget, message: "This update check does not name a server.")
        }
        do {
            let checks = try await service.runUpdateCheck(providerID: providerID) { done, total in
                await context.report(
                    JobProgress(
                        percent: total > 0 ? Double(done) / Double(total) * 100 : 100, phase: "checking",
                        message: "\(done)/\(total)"))
            }
            context.setResult(Self.result(checks))
        } catch let error as HangarError {
            throw JobFailure(code: error.code, message: error.message)
        }
    }
}
