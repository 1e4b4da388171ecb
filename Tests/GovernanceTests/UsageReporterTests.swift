import Foundation
import HangarCore
import HangarTesting
import Storage
import Testing

@testable import Governance

@Suite struct UsageReporterTests {
    static func record(
        _ id: String, model: String = "m1", day: String, input: Int? = 100, output: Int? = 50, cost: String?
    ) -> UsageRecord {
        UsageRecord(
            id: id, modelID: model, modelName: model.uppercased(), providerID: "p", apiName: model, purpose: "test",
            inputTokens: input, outputTokens: output, latencyMS: 12, costInputPerMillion: cost.map { _ in Decimal(string: "0.1")! },
            costOutputPerMillion: nil, costUSD: cost.flatMap { Decimal(string: $0) }, createdAt: "\(day)T10:00:00.000Z")
    }

    @Test(arguments: TestDatabases.engines)
    func sumsPerModelAndDayExactlyAndCountsUnpricedCalls(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await database.write { sql in
                for record in [
                    Self.record("a", day: "2026-11-20", cost: "0.1"), Self.record("b", day: "2026-11-20", cost: "0.2"),
                    Self.record("c", day: "2026-11-20", cost: nil), Self.record("d", model: "m2", day: "2026-11-21", input: nil, cost: nil),
                    Self.record("e", day: "2026-10-01", cost: "5"),
                ] {
                    try await UsageQueries.insert(record, on: sql)
                }
            }
            let reporter = UsageReporter(database: database, today: { "2026-11-26" })
            let report = try await reporter.report(from: nil, to: nil, modelID: nil, providerID: nil)
            #expect(report.from == "2026-10-28" && report.to == "2026-11-26")
            #expect(report.days.map(\.day) == ["2026-11-20", "2026-11-21"])
            let first = report.days[0].totals
            #expect(first.calls == 3 && first.inputTokens == 300 && first.outputTokens == 150 && first.unpricedCalls == 1)
            #expect(first.costUSD == Decimal(string: "0.3"), "0.1 + 0.2 is exactly 0.3")
            #expect(report.days[1].totals.costUSD == nil)
            #expect(report.totals.calls == 4 && report.totals.unpricedCalls == 2 && report.totals.costUSD == Decimal(string: "0.3"))
            let json = String(decoding: try JSONEncoder().encode(report.days[0]), as: UTF8.self)
            #expect(json.contains(#""cost_usd":0.3"#) && json.contains(#""day":"2026-11-20""#))

            let october = try await reporter.report(from: "2026-10-01", to: "2026-10-01", modelID: "m1", providerID: nil)
            #expect(october.totals.costUSD == 5)
            let records = try await reporter.records(modelID: "m1", limit: 2)
            #expect(records.records.map(\.id) == ["c", "b"])
            #expect(records.records[1].costUSD == Decimal(string: "0.2"))
        }
    }

    @Test func emptyFiltersAndLimitsOutOfRangeAreRefused() async throws {
        try await TestDatabases.withDatabase(.sqlite) { database in
            let reporter = UsageReporter(database: database)
            await #expect(throws: HangarError.self) { _ = try await reporter.records(modelID: "", limit: 5) }
            await #expect(throws: HangarError.self) { _ = try await reporter.records(modelID: nil, limit: 501) }
            await #expect(throws: HangarError.self) { _ = try await reporter.report(from: nil, to: nil, modelID: nil, providerID: "") }
            let all = try await reporter.records(modelID: nil, limit: 500)
            #expect(all.records.isEmpty)
        }
    }

    /// What the contract allows (`format: date`) is accepted: any real day, any range.
    @Test func rangesAreRealDays() throws {
        #expect(throws: HangarError.self) { _ = try UsageReporter.range(from: "2026-02-30", to: nil, today: "2026-03-10") }
        #expect(throws: HangarError.self) { _ = try UsageReporter.range(from: "2025-02-29", to: nil, today: "2026-03-10") }
        #expect(throws: HangarError.self) { _ = try UsageReporter.range(from: nil, to: "20260101", today: "2026-03-10") }
        #expect(throws: HangarError.self) { _ = try UsageReporter.range(from: nil, to: "2026-13-01", today: "2026-03-10") }
        #expect(throws: HangarError.self) { _ = try UsageReporter.range(from: "２０２６-01-01", to: nil, today: "2026-03-10") }
        #expect(try UsageReporter.range(from: "2024-02-29", to: "2026-01-01", today: "x") == ("2024-02-29", "2026-01-01"))
        #expect(try UsageReporter.range(from: "0000-01-01", to: nil, today: "2026-03-10") == ("0000-01-01", "2026-03-10"))
        #expect(
            try UsageReporter.range(from: "0000-02-29", to: "9999-12-31", today: "x") == ("0000-02-29", "9999-12-31"),
            "year 0 is a leap year")
        #expect(try UsageReporter.range(from: "2026-03-11", to: "2026-03-10", today: "x") == ("2026-03-11", "2026-03-10"))
        #expect(try UsageReporter.range(from: nil, to: nil, today: "2026-03-01") == ("2026-01-31", "2026-03-01"))
        #expect(try UsageReporter.range(from: nil, to: "2024-03-01", today: "x") == ("2024-02-01", "2024-03-01"))
        #expect(try UsageReporter.range(from: nil, to: "0000-01-10", today: "x") == ("0000-01-01", "0000-01-10"), "never before year 0")
    }

    @Test func dayNumbersRoundTrip() throws {
        for text in ["0000-01-01", "0000-12-31", "0001-01-01", "1970-01-01", "2000-02-29", "2026-12-06", "9999-12-31"] {
            let day = try #require(CivilDay(text))
            #expect(CivilDay(number: day.number).text == text)
        }
        #expect(try #require(CivilDay("1970-01-01")).number - (try #require(CivilDay("0000-01-01")).number) == 719_528)
    }
}
