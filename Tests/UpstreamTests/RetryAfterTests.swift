import Foundation
import Testing
import Upstream

@Suite struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_737_367_200)  // Mon, 20 Jan 2025 10:00:00 GMT

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        #expect(RetryAfter.parse("7", now: now) == .seconds(7))
        #expect(RetryAfter.parse(" 0 ", now: now) == .zero)
        #expect(RetryAfter.parse("Mon, 20 Jan 2025 10:00:30 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Monday, 20-Jan-25 10:01:00 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Mon Jan 20 10:00:05 2025", now: now) == .seconds(5))
        #expect(RetryAfter.parse("Mon, 20 Jan 2025 09:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
    }

    @Test func millisecondsWinOverSecondsWhenBothAreSent() {
        let both: UpstreamHeaders = ["Retry-After": "2", "retry-after-ms": "1500"]
        #expect(RetryAfter.wait(in: both, now: now) == .milliseconds(1500))
        #expect(RetryAfter.wait(in: ["retry-after-ms": "250.4"], now: now) == .milliseconds(251))
        #expect(RetryAfter.wait(in: ["Retry-After": "3"], now: now) == .seconds(3))
        #expect(RetryAfter.wait(in: ["retry-after-ms": "-5", "Retry-After": "3"], now: now) == .seconds(3))
        #expect(RetryAfter.wait(in: ["Content-Type": "application/json"], now: now) == nil)
    }
}
