import Catalog
import HangarCore
import HangarOpenAPI
import Providers
import Storage

/// The generated server protocol's implementation. One extension per resource
/// (`HangarAPI+Models.swift`, …); handlers return the success case and throw `HangarError`
/// for everything else, which `ErrorMiddleware` turns into the shared error body.
struct HangarAPI: APIProtocol {
    let catalog: CatalogService
    let connectionTests: ConnectionTestService
    let database: any Database
    let version: String
    let live: LiveServices
}
