import Foundation
import HangarCore
import Jobs
import LocalModels
import Logging

/// Runs `deploy` jobs, one per server: `HEAD /api/blobs/sha256:<digest>`, the file streamed
/// from disk only when the server lacks it (its sha256 is known from the download: no second
/// pass), then `POST /api/create`, whose statuses become the job's. Once the server has the
/// model, the catalog gets it on that connection, linked to the local model (`deployed_from`).
/// A failure fails this server's job only.
public struct DeployJobHandler: JobHandler {
    public let kind = OllamaService.deployKind
    public var concurrency: Int { service.settings.pullConcurrency }

    let service: OllamaService
    let logger: Logger

    public init(service: OllamaService, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    public func run(_ context: JobContext) async throws {
        guard let payload = context.payload.flatMap({ try? JSONDecoder().decode(DeployPayload.self, from: Data($0.utf8)) }),
            let name = try? OllamaName(payload.name)
        else {
            throw JobFailure(code: .invalidPayload, message: "This deploy job does not name a model, a server and a name.")
        }
        defer { service.invalidate(providerID: payload.providerID) }
        do {
            let model = try await service.catalog.model(id: payload.modelID)
            guard model.downloaded == true, let path = model.localPath, let file = model.modelFile, let size = LocalFile.size(path) else {
                throw JobFailure(
                    code: .notDownloaded, message: "'\(model.name)' is no longer downloaded; download it, then deploy it again.")
            }
            let server = try await service.server(of: payload.providerID)
            await context.report(
                JobProgress(bytesDone: 0, bytesTotal: size, percent: 0, phase: "checking", message: "Checking the server's blobs"))
            // Known from the download; a file found on disk by the start-up check is hashed once here.
            var sha256 = model.checksum ?? ""
            if sha256.isEmpty { sha256 = try await LocalFile.sha256(path) }
            let uploaded = try await !server.hasBlob(sha256: sha256)
            if uploaded {
                let meter = ProgressMeter(interval: .milliseconds(250))
                // Room for a slow link: at least 1 MB/s, and a minute besides.
                let timeout = Duration.seconds(60 + size / 1_000_000)
                try await server.pushBlob(path: path, size: size, sha256: sha256, timeout: timeout) { sent in
                    guard let measured = meter.report(bytesDone: sent, total: size, attempt: 1, force: sent == size) else { return }
                    await context.report(
                        JobProgress(
                            bytesDone: sent, bytesTotal: size, percent: measured.percent, bytesPerSecond: measured.bytesPerSecond,
                            etaSeconds: measured.etaSeconds, phase: "uploading", message: nil))
                }
            }
            try await server.create(
                name, file: (file as NSString).lastPathComponent, sha256: sha256, template: payload.template, system: payload.system,
                parameters: payload.parameters
            ) { status in
                await context.report(JobProgress(bytesDone: size, bytesTotal: size, percent: 100, phase: "creating", message: status))
            }
            let deployed = try await catalogModel(name: name, providerID: payload.providerID, from: model)
            // So the model's servers show (stopped) before its first start.
            try await service.runtime.placed(providerID: payload.providerID, name: name.raw)
            context.setResult(.object(["model": .string(name.raw), "model_id": .string(deployed.id), "uploaded": .bool(uploaded)]))
        } catch let error as OllamaPullError {
            throw JobFailure(code: error.code, message: error.message)
        } catch let error as HangarError {
            throw JobFailure(code: error.code, message: error.message)
        }
    }

    /// The connection's catalog model for `name`: the one already there, or a new one made
    /// from the local model's name and limits.
    private func catalogModel(name: OllamaName, providerID: String, from local: CatalogModel) async throws -> CatalogModel {
        // As the catalog names Ollama models: `llama3.2`, the default tag left out.
        let shortest = name.shortest
        let suffix = ":" + OllamaName.defaultTag
        let apiName = shortest.hasSuffix(suffix) ? String(shortest.dropLast(suffix.count)) : shortest
        if let existing = try await service.catalog.model(providerID: providerID, apiName: apiName) { return existing }
        return try await service.catalog.createModel(
            ModelDraft(
                providerID: providerID, name: local.name, apiName: apiName, contextWindow: local.contextWindow,
                maxOutputTokens: local.maxOutputTokens, temperatureDefault: local.temperatureDefault),
            deployedFrom: local.id)
    }
}
