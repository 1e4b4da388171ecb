import Catalog
import Gateway
import Governance
import LocalModels

/// The root of every query and mutation. It reads and writes through the same services as
/// REST, so the same rules, events and errors apply.
struct GraphQLResolver: Sendable {
    let catalog: CatalogService
    let downloads: DownloadService
    let settings: SettingsService
    let usage: UsageReporter
    let gateway: GatewayService
}
