import Foundation
import HangarCore
import Testing

/// Timestamps are fixed-width ISO-8601 UTC text with milliseconds, written digit by digit.
@Suite struct TimestampTests {
    @Test func formatWritesTheCalendarsFieldsAndParsesBack() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        let samples: [Int64] =
            [0, 1, 999, 1_000, 86_399_999, 1_765_000_000_123, 253_402_300_799_999]
            + (0..<200).map { _ in
                Int64.random(in: 0...253_402_300_799_999, using: &generator)
            }
        for sample in samples {
            let date = Date(timeIntervalSince1970: Double(sample) / 1000)
            // The milliseconds the timestamp keeps: the date's, rounded down, as stored before.
            let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            let whole = Date(timeIntervalSince1970: Double(millis / 1000))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
                parts.second!, Int(millis % 1000))
            let text = Timestamp.format(date)
            #expect(text == expected, "\(sample)")
            #expect(Timestamp.parse(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == millis, "\(text)")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }
}
