import CatalogSync
import HangarCore
import HangarOpenAPI

extension HangarAPI {
    func syncPrices(_ input: Operations.SyncPrices.Input) async throws -> Operations.SyncPrices.Output {
        let request: PriceSyncRequest
        switch input.body {
        case .json(let body): request = body
        case nil: request = PriceSyncRequest()
        }
        let service = PriceSyncService(
            catalog: catalog, settings: live.settings, source: PriceDataSource(client: live.upstream.standard))
        return .ok(.init(body: .json(try await service.run(request, dryRun: input.query.dryRun ?? false))))
    }

    func listUnpricedUsage(_ input: Operations.ListUnpricedUsage.Input) async throws -> Operations.ListUnpricedUsage.Output {
        .ok(.init(body: .json(try await live.usage.unpriced(days: input.query.days ?? 30))))
    }
}
