import ArgumentParser
import Foundation
import HangarClient
import HangarCore
import HangarOpenAPI

/// `hangar usage`: what the model calls made through Hangar used and cost.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Calls, tokens and cost per UTC day and model, or the latest usage records.",
        discussion: """
            Costs are in USD, exact, at the prices in force when each call was made. A model without a \
            price costs "unknown", never 0; a sum with some such calls reads like "0.0012 (+2 unpriced)". \
            With --records the latest calls are listed, newest first, with the prices they were charged at.
            """)

    @Option(help: "First day, YYYY-MM-DD (UTC; default 29 days before --to).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD (UTC; default today). A --from after it reports nothing.") var to: String?
    @Option(help: "Only this model id.") var model: String?
    @Option(help: "Only this provider connection id (not with --records).") var provider: String?
    @Flag(help: "List the latest usage records with their prices instead of the daily table.") var records = false
    @Option(help: "How many records with --records, 1–500 (default 50).") var limit: Int?
    @OptionGroup var client: ClientOptions

    func validate() throws {
        for (option, value) in [("--from", from), ("--to", to)] {
            if let value, !Self.isDay(value) { throw ValidationError("\(option) must be a date written YYYY-MM-DD; got '\(value)'.") }
        }
        if records && (from != nil || to != nil || provider != nil) {
            throw ValidationError("--records takes only --model and --limit; --from, --to and --provider are for the daily table.")
        }
        if !records && limit != nil { throw ValidationError("--limit goes with --records.") }
    }

    func run() async throws {
        if records { return try await listRecords() }
        let report = try await client.call { [from, to, model, provider] api in
            try await api.getUsage(query: .init(from: from, to: to, modelId: model, providerId: provider)).ok.body.json
        }
        if client.json { return printOut(try Table.json(report)) }
        var text = ""
        if report.days.isEmpty {
            text = "No calls from \(report.from) to \(report.to).\n"
        } else {
            text = Table.render(
                headers: ["DAY", "MODEL", "CALLS", "TOKENS IN", "TOKENS OUT", "COST (USD)", "MODEL ID"],
                rows: report.days.map { day in
                    [
                        day.day, day.modelName, String(day.totals.calls), String(day.totals.inputTokens),
                        String(day.totals.outputTokens), Self.costCell(day.totals), day.modelID,
                    ]
                })
        }
        printOut(text + Self.totalsLine(report))
    }

    private func listRecords() async throws {
        let list = try await client.call { [model, limit] api in
            try await api.listUsageRecords(query: .init(modelId: model, limit: limit)).ok.body.json
        }
        if client.json { return printOut(try Table.json(list)) }
        guard !list.records.isEmpty else { return printOut("No usage records.\n") }
        printOut(
            Table.render(
                headers: [
                    "TIME", "MODEL", "PURPOSE", "TOKENS IN", "TOKENS OUT", "LATENCY", "USD/M IN", "USD/M OUT", "COST (USD)", "MODEL ID",
                ],
                rows: list.records.map { record in
                    [
                        record.createdAt, record.modelName, record.purpose, Self.count(record.inputTokens), Self.count(record.outputTokens),
                        "\(record.latencyMS) ms", Self.price(record.costInputPerMillion), Self.price(record.costOutputPerMillion),
                        record.costUSD.map { "\($0)" } ?? "unknown", record.modelID,
                    ]
                }))
    }

    static func count(_ tokens: Int?) -> String { tokens.map(String.init) ?? "unknown" }
    static func price(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "unknown" }

    /// The priced calls' sum, marked when some calls have no price: a partial sum is a floor.
    static func costCell(_ totals: UsageTotals) -> String {
        switch (totals.costUSD, totals.unpricedCalls) {
        case (nil, 0): "0"
        case (nil, _): "unknown"
        case (let cost?, 0): "\(cost)"
        case (let cost?, let unpriced): "\(cost) (+\(unpriced) unpriced)"
        }
    }

    static func totalsLine(_ report: UsageReport) -> String {
        let totals = report.totals
        var line =
            "Total \(report.from) to \(report.to): \(totals.calls) call\(totals.calls == 1 ? "" : "s"), "
            + "\(totals.inputTokens) tokens in, \(totals.outputTokens) tokens out, cost "
        switch (totals.costUSD, totals.unpricedCalls) {
        case (nil, 0): line += "0 USD"
        case (nil, _): line += "unknown"
        case (let cost?, 0): line += usd(cost)
        case (let cost?, let unpriced): line += "\(usd(cost)) + \(unpriced) call\(unpriced == 1 ? "" : "s") without a price"
        }
        return line + "\n"
    }

    /// A real calendar day in the API's `YYYY-MM-DD` form (the server would refuse anything else).
    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
            zip(parts, [4, 2, 2]).allSatisfy({ part, length in part.count == length && part.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return DateComponents(calendar: calendar, year: year, month: month, day: day).isValidDate
    }
}
