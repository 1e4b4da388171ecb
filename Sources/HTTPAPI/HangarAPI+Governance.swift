import Governance
import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func testModel(_ input: Operations.TestModel.Input) async throws -> Operations.TestModel.Output {
        var request = ModelTestRequest()
        if case .json(let body) = input.body { request = body }
        let result = try await live.modelTests.test(modelID: input.path.id, request)
        return .ok(.init(body: .json(result)))
    }

    func getSettings(_ input: Operations.GetSettings.Input) async throws -> Operations.GetSettings.Output {
        .ok(.init(body: .json(try await live.settings.read())))
    }

    func updateSettings(_ input: Operations.UpdateSettings.Input) async throws -> Operations.UpdateSettings.Output {
        guard case .json(let patch) = input.body else { throw HangarError.badRequest("Send the settings to change as JSON.") }
        return .ok(.init(body: .json(try await live.settings.update(patch))))
    }

    func getUsage(_ input: Operations.GetUsage.Input) async throws -> Operations.GetUsage.Output {
        let query = input.query
        let names = Dictionary(try await keys.keys().map { ($0.id, (name: $0.name, prefix: $0.prefix)) }) { first, _ in first }
        return .ok(
            .init(
                body: .json(
                    try await live.usage.report(
                        from: query.from, to: query.to, modelID: query.modelId, providerID: query.providerId, keyID: query.keyId,
                        keys: names))))
    }

    func listUsageRecords(_ input: Operations.ListUsageRecords.Input) async throws -> Operations.ListUsageRecords.Output {
        .ok(.init(body: .json(try await live.usage.records(modelID: input.query.modelId, limit: input.query.limit ?? 50))))
    }

    func exportConfiguration(_ input: Operations.ExportConfiguration.Input) async throws -> Operations.ExportConfiguration.Output {
        .ok(.init(body: .json(try await ConfigurationExporter.export(from: database))))
    }

    func importConfiguration(_ input: Operations.ImportConfiguration.Input) async throws -> Operations.ImportConfiguration.Output {
        guard case .json(let file) = input.body else { throw HangarError.badRequest("Send an exported configuration as JSON.") }
        return .ok(.init(body: .json(try await live.importer.run(file, dryRun: input.query.dryRun ?? false))))
    }
}
