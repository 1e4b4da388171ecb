import CatalogSync
import HangarCore
import HangarOpenAPI
import Logging
import Providers

extension HangarAPI {
    func discoverProviderModels(_ input: Operations.DiscoverProviderModels.Input) async throws
        -> Operations.DiscoverProviderModels.Output
    {
        .ok(.init(body: .json(try await discovery.propose(providerID: input.path.id))))
    }

    func applyProviderDiscovery(_ input: Operations.ApplyProviderDiscovery.Input) async throws
        -> Operations.ApplyProviderDiscovery.Output
    {
        guard case .json(let request) = input.body else { throw RequestErrors.unsupportedBody }
        return .ok(.init(body: .json(try await discovery.apply(providerID: input.path.id, request))))
    }

    /// Through the outbound client that trusts HANGAR_CA_BUNDLE, as every other upstream call.
    var discovery: DiscoveryService {
        DiscoveryService(
            catalog: catalog, lister: ModelLister(client: live.upstream.standard),
            prices: DiscoveryService.priceData(
                settings: live.settings, source: PriceDataSource(client: live.upstream.standard),
                logger: Logger(label: "hangar.discovery")))
    }
}
