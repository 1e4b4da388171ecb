/// Whether a call may start now under a connection's limits, decided from the ledger alone so
/// the rule is a pure function that tests can read.
enum Admission: Equatable {
    case admit
    /// Wait at least `milliseconds`; `untilRelease` when a parallel slot must also free up, which
    /// only another call's end can tell.
    case wait(milliseconds: Int64, untilRelease: Bool)
    /// The call can never fit (it alone needs more tokens than a minute allows).
    case never(String)

    static func decide(_ limits: ProviderLimits, _ ledger: CallLedger.Snapshot, tokens: Int, now: Int64, window: Int64 = 60_000)
        -> Admission
    {
        if let tpm = limits.tokensPerMinute, tokens > tpm {
            return .never(
                "It may use up to \(tokens) tokens against a limit of \(tpm) per minute; raise tpm_limit or ask for fewer tokens."
            )
        }
        var waitUntil = now
        if let rpm = limits.requestsPerMinute, ledger.recent.count >= rpm {
            // The call may start once enough of the recent starts have left the window.
            let blocking = ledger.recent[ledger.recent.count - rpm].startedMS
            waitUntil = max(waitUntil, blocking + window + 1)
        }
        if let tpm = limits.tokensPerMinute {
            var used = ledger.recent.reduce(0) { $0 + $1.tokens } + tokens
            var index = 0
            while used > tpm, index < ledger.recent.count {
                used -= ledger.recent[index].tokens
                waitUntil = max(waitUntil, ledger.recent[index].startedMS + window + 1)
                index += 1
            }
        }
        let full = limits.maxParallel.map { ledger.inFlight >= $0 } ?? false
        if full || waitUntil > now {
            return .wait(milliseconds: waitUntil - now, untilRelease: full)
        }
        return .admit
    }
}
