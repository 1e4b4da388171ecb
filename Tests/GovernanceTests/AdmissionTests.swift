import HangarCore
import Testing

@testable import Governance

@Suite struct AdmissionTests {
    typealias Ledger = CallLedger.Snapshot

    @Test func noLimitsAdmitEverything() {
        let ledger = Ledger(inFlight: 50, recent: (0..<500).map { (Int64($0), 1000) })
        #expect(Admission.decide(ProviderLimits(), ledger, tokens: 10_000, now: 1000) == .admit)
    }

    @Test func maxParallelWaitsForARelease() {
        let limits = ProviderLimits(maxParallel: 2)
        #expect(Admission.decide(limits, Ledger(inFlight: 1), tokens: 1, now: 0) == .admit)
        #expect(Admission.decide(limits, Ledger(inFlight: 2), tokens: 1, now: 0) == .wait(milliseconds: 0, untilRelease: true))
    }

    @Test func rpmWaitsUntilTheOldestBlockingStartLeavesTheWindow() {
        let limits = ProviderLimits(requestsPerMinute: 2)
        let ledger = Ledger(recent: [(1_000, 1), (5_000, 1)])
        #expect(Admission.decide(limits, ledger, tokens: 1, now: 10_000) == .wait(milliseconds: 51_001, untilRelease: false))
        #expect(Admission.decide(limits, Ledger(recent: [(5_000, 1)]), tokens: 1, now: 10_000) == .admit)
    }

    @Test func tpmCountsTheCallsOwnTokensAndWaitsForEnoughToExpire() {
        let limits = ProviderLimits(tokensPerMinute: 100)
        let ledger = Ledger(recent: [(1_000, 40), (2_000, 40)])
        #expect(Admission.decide(limits, ledger, tokens: 20, now: 3_000) == .admit)
        // 40 + 40 + 30 = 110: the first call's 40 must leave the window first.
        #expect(Admission.decide(limits, ledger, tokens: 30, now: 3_000) == .wait(milliseconds: 58_001, untilRelease: false))
        // 90 more tokens need both calls gone.
        #expect(Admission.decide(limits, ledger, tokens: 90, now: 3_000) == .wait(milliseconds: 59_001, untilRelease: false))
    }

    @Test func aCallLargerThanTheTPMLimitNeverFits() {
        guard case .never(let message) = Admission.decide(ProviderLimits(tokensPerMinute: 100), Ledger(), tokens: 101, now: 0) else {
            Issue.record("expected never")
            return
        }
        #expect(message.contains("tpm_limit"))
    }

    @Test func theLongestWaitWinsWhenSeveralLimitsBind() {
        let limits = ProviderLimits(requestsPerMinute: 1, tokensPerMinute: 10, maxParallel: 1)
        let ledger = Ledger(inFlight: 1, recent: [(0, 10)])
        #expect(Admission.decide(limits, ledger, tokens: 5, now: 30_000) == .wait(milliseconds: 30_001, untilRelease: true))
    }

    @Test func retryPolicyHonoursRetryAfterThenBacksOffExponentially() {
        let policy = RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(3), maxTotalWait: .seconds(30))
        #expect(policy.delay(after: 1, retryAfter: .seconds(7)) == .seconds(7))
        #expect(policy.delay(after: 1, retryAfter: nil) == .seconds(1))
        #expect(policy.delay(after: 2, retryAfter: nil) == .seconds(2))
        #expect(policy.delay(after: 3, retryAfter: nil) == .seconds(3))
        #expect(policy.delay(after: 4, retryAfter: nil) == nil)
    }
}
