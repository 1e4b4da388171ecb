import Catalog
import Foundation
import Governance
import HangarCore
import Logging
import Providers

/// Discovery per connection: lists what a connection serves, compares it with the catalog
/// (`propose`), and adds or deprecates what the admin picks (`apply`), through the catalog,
/// which stays the one writer of models.
public struct DiscoveryService: Sendable {
    public let catalog: CatalogService
    let lister: ModelLister
    /// The price data that names a new model's limits and prices, and its `price_source`; nil
    /// leaves them guessed.
    let prices: @Sendable () async -> (data: PriceData, source: String)?
    let now: @Sendable () -> Date

    public init(
        catalog: CatalogService, lister: ModelLister, prices: @escaping @Sendable () async -> (data: PriceData, source: String)? = { nil },
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.catalog = catalog
        self.lister = lister
        self.prices = prices
        self.now = now
    }

    /// The price data as a sync reads it (`price_data_url`, else the shipped snapshot). A URL
    /// that fails falls back to the snapshot: discovery's answer is the listing, and the
    /// prices only spare the admin some typing.
    public static func priceData(settings: SettingsService, source: PriceDataSource, logger: Logger)
        -> @Sendable () async -> (data: PriceData, source: String)?
    {
        {
            let url = await settings.current().priceDataURL
            if !url.isEmpty {
                do {
                    return try await source.load(PriceSyncRequest(), settingURL: url)
                } catch {
                    logger.info("discovery uses the shipped price data", metadata: ["reason": "\(error)"])
                }
            }
            return (try? PriceDataSource.snapshot()).map { ($0, PriceSource.snapshot) }
        }
    }

    /// Lists the connection and compares; stores nothing. 404 for an unknown connection, 409
    /// `not_applicable` for the local one, 502 when the upstream fails (the connection test's words).
    public func propose(providerID: String) async throws -> DiscoveryProposal {
        try await listing(providerID: providerID).proposal
    }

    /// The proposal with the connection it is about.
    func listing(providerID: String) async throws -> (provider: Provider, proposal: DiscoveryProposal, priceSource: String?) {
        let provider = try await catalog.provider(id: providerID)
        guard provider.kind != .local else {
            throw HangarError(
                .conflict, code: .notApplicable,
                message:
                    "The local provider serves files from this machine; there is no upstream to list. Add local models with a download.")
        }
        let key = try await catalog.apiKey(ofProvider: provider.id)
        let listed = try await lister.list(
            ConnectionTarget(kind: provider.kind, baseURL: provider.baseURL, apiVersion: provider.apiVersion, apiKey: key))
        let models = try await catalog.models(ofProvider: provider.id)
        let priced = await prices()
        let proposal = DiscoveryProposal.build(
            provider: provider, listed: listed, catalog: models, listedAt: Timestamp.format(now()), prices: priced?.data)
        return (provider, proposal, priced?.source)
    }
}
