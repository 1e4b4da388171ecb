import Foundation

/// A `YYYY-MM-DD` calendar day of the proleptic Gregorian calendar, years 0000 to 9999 (year
/// 0 is 1 BC, a leap year). Foundation's calendar has no year 0, so days are counted here.
public struct CivilDay: Equatable, Sendable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Days since 0000-01-01, which is day 0.
    public var number: Int {
        let daysBeforeYear = year * 365 + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400
        var days = daysBeforeYear
        for earlier in 1..<month { days += Self.length(of: earlier, in: year) }
        return days + day - 1
    }

    public static let firstNumber = 0

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10), (1...12).contains(month),
            (1...Self.length(of: month, in: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `number` days after 0000-01-01.
    public init(number: Int) {
        var year = min(9999, max(0, number / 366))
        while CivilDay(year: year + 1, month: 1, day: 1).number <= number { year += 1 }
        var rest = number - CivilDay(year: year, month: 1, day: 1).number
        var month = 1
        while rest >= Self.length(of: month, in: year) {
            rest -= Self.length(of: month, in: year)
            month += 1
        }
        self.init(year: year, month: month, day: rest + 1)
    }

    private init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var text: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The UTC day of `date`.
    public init(utc date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        self.init(number: Self.unixEpochNumber + days)
    }

    /// 1970-01-01.
    static let unixEpochNumber = 719_528

    public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.number < rhs.number }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func length(of month: Int, in year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
