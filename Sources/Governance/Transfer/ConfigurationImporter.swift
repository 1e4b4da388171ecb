import Catalog
import Foundation
import HangarCore
import Storage

/// `POST /api/import`: applies a configuration in one transaction. A dry run applies it the same
/// way and rolls back, so its report is exactly what a real import would do, database
/// constraints included.
public struct ConfigurationImporter: Sendable {
    let catalog: CatalogService
    let settings: SettingsService
    var database: any Database { catalog.database }

    public init(catalog: CatalogService, settings: SettingsService) {
        self.catalog = catalog
        self.settings = settings
    }

    struct DryRun: Error {
        let report: ImportReport
    }

    public func run(_ file: ConfigurationExport, dryRun: Bool) async throws -> ImportReport {
        try ImportValidation.check(file)
        do {
            let report = try await database.write { sql in
                var run = ImportRun(file: file, now: Timestamp.now())
                try await run.apply(on: sql)
                let report = run.report(dryRun: dryRun)
                if dryRun { throw DryRun(report: report) }
                return report
            }
            settings.invalidate()
            await catalog.announceImport(report)
            return report
        } catch let dry as DryRun {
            return dry.report
        }
    }
}
