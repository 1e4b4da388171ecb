import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar catalog price-sync`: LiteLLM's prices and limits against the catalog.
struct CatalogPriceSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price-sync",
        abstract: "Compare the catalog with LiteLLM's price and limit data, and apply it (or only show it with --dry-run).",
        discussion: """
            The data is FILE (LiteLLM's model_prices_and_context_window.json format, or - for stdin), or \
            the --source-url, or without either the server's price_data_url setting, else the snapshot shipped with \
            Hangar. Each model the data names shows old → new for its prices (per million tokens), \
            context window, max output tokens and deprecation date. Without --dry-run every listed \
            model (or only the --model ones) is written, in one transaction.
            """)
    @Option(help: .init("A price file to send, or - to read stdin.", valueName: "file")) var file: String?
    // `--url` is the Hangar server's address (ClientOptions).
    @Option(name: .customLong("source-url"), help: .init("An http(s) URL of a price file the server reads.", valueName: "url"))
    var sourceURL: String?
    @Option(name: .customLong("model"), help: .init("Apply only this model's changes (repeatable).", valueName: "id"))
    var models: [String] = []
    @Flag(help: "Only show what would change; write nothing.") var dryRun = false
    @OptionGroup var client: ClientOptions

    func validate() throws {
        if file != nil, sourceURL != nil { throw ValidationError("Give --file or --source-url, not both.") }
    }

    func run() async throws {
        let data = try file.map(Self.read)
        let request = PriceSyncRequest(data: data, url: sourceURL, modelIDs: models.isEmpty ? nil : models)
        let report = try await client.call { [dryRun] api in
            try await api.syncPrices(query: .init(dryRun: dryRun ? true : nil), body: .json(request)).ok.body.json
        }
        if client.json { return printOut(try Table.json(report)) }
        printOut(Self.describe(report))
    }

    /// Read and decoded here, so a broken file is explained before anything is sent (and only
    /// the fields Hangar reads travel).
    static func read(_ file: String) throws -> PriceData {
        let (data, name) = try InputError.read(file)
        do {
            return try JSONDecoder().decode(PriceData.self, from: data)
        } catch {
            throw CLIFailure(
                InputError("\(name) is not a price file in LiteLLM's format (a JSON object of models), so nothing was sent."))
        }
    }

    static func describe(_ report: PriceSyncReport) -> String {
        var text = "Source: \(report.source) (\(report.entries) entries)\n"
        if !report.changes.isEmpty {
            text += Table.render(
                headers: ["MODEL", "ENTRY", "FIELD", "OLD", "NEW"],
                rows: report.changes.flatMap { change in
                    change.fields.map { field in [change.modelID, change.entry, field.field, show(field.old), show(field.new)] }
                })
        }
        let notes = report.changes.flatMap { change in change.notes.map { "Note (\(change.modelID)): \($0)\n" } }
        text += notes.joined()
        text += "\(report.changes.count) to change, \(report.unchanged) unchanged, \(report.unmatched.count) not in the data.\n"
        text +=
            report.dryRun
            ? (report.changes.isEmpty ? "" : "Nothing was written; run without --dry-run to apply.\n")
            : "Applied to \(report.applied) models.\n"
        return text
    }

    static func show(_ value: JSONValue) -> String {
        switch value {
        case .null: "—"
        case .string(let text): text
        // Prices have six decimal places at most; the double prints as the shortest that round-trips.
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        default: "\(value)"
        }
    }
}
