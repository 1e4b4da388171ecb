import Foundation
import HangarCore
import Storage

/// `GET /api/usage` and `GET /api/usage/records`. Sums are exact decimals computed here rather
/// than in SQL, because neither engine sums decimal text exactly.
public struct UsageReporter: Sendable {
    let database: any Database
    let today: @Sendable () -> String

    public init(database: any Database, today: @escaping @Sendable () -> String = { String(Timestamp.format(Date()).prefix(10)) }) {
        self.database = database
        self.today = today
    }

    public static let maxDays = 366

    public func report(from: String?, to: String?, modelID: String?, providerID: String?) async throws -> UsageReport {
        let (first, last) = try Self.range(from: from, to: to, today: today())
        let records = try await database.read { sql in
            try await UsageQueries.between(from: first, to: last, modelID: modelID, providerID: providerID, on: sql)
        }
        var rows: [String: UsageDay] = [:]
        var totals = UsageTotals()
        for record in records {
            let key = "\(record.createdAt.prefix(10))\u{0}\(record.modelID)"
            var row = rows[key] ?? UsageDay(
                day: String(record.createdAt.prefix(10)), modelID: record.modelID, modelName: record.modelName,
                providerID: record.providerID, totals: UsageTotals())
            row.modelName = record.modelName
            row.totals.add(record)
            rows[key] = row
            totals.add(record)
        }
        let days = rows.values.sorted { ($0.day, $0.modelName, $0.modelID) < ($1.day, $1.modelName, $1.modelID) }
        return UsageReport(from: first, to: last, days: days, totals: totals)
    }

    public func records(modelID: String?, limit: Int) async throws -> UsageRecordList {
        UsageRecordList(records: try await database.read { sql in try await UsageQueries.latest(modelID: modelID, limit: limit, on: sql) })
    }

    /// The inclusive day range, checked: real calendar days, `from` ≤ `to`, at most a year.
    static func range(from: String?, to: String?, today: String) throws -> (String, String) {
        var fields: [String: String] = [:]
        let last = to ?? today
        guard let lastDate = day(last) else {
            fields["to"] = "Use a date like 2026-01-31."
            throw HangarError.validation(fields)
        }
        let firstDefault = Timestamp.format(lastDate.addingTimeInterval(-29 * 86_400)).prefix(10)
        let first = from ?? String(firstDefault)
        guard let firstDate = day(first) else {
            fields["from"] = "Use a date like 2026-01-01."
            throw HangarError.validation(fields)
        }
        if firstDate > lastDate { fields["from"] = "The first day must not be after the last day." }
        if lastDate.timeIntervalSince(firstDate) > Double(maxDays - 1) * 86_400 {
            fields["from"] = "A report covers at most \(maxDays) days; narrow the range."
        }
        guard fields.isEmpty else { throw HangarError.validation(fields) }
        return (first, last)
    }

    /// A `YYYY-MM-DD` that names a real day (no 2026-02-30), as midnight UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: dayOfMonth)
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == dayOfMonth else { return nil }
        return date
    }
}
