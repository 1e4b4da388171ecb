import Foundation
import HangarCore
import Storage

/// Keeps every outbound model call within its connection's `rpm_limit`, `tpm_limit` and
/// `max_parallel`. The ledger lives in the database and each admission is decided in a write
/// transaction that holds a per-connection lock (an advisory lock on PostgreSQL, SQLite's single
/// writer otherwise), so several replicas on one PostgreSQL share the limits instead of each
/// applying them on its own.
public struct CallGovernor: Sendable {
    let database: any Database
    /// How long a call may hold its slot before a crashed replica's slot is given back.
    let lease: Duration
    /// How often a call blocked on `max_parallel` looks again: other replicas' calls end
    /// without telling this one.
    let pollInterval: Duration
    /// The span limits are counted over: a minute, shorter only in tests.
    let window: Duration
    let nowMS: @Sendable () -> Int64

    public init(
        database: any Database, lease: Duration = .seconds(180), pollInterval: Duration = .milliseconds(25),
        window: Duration = .seconds(60),
        nowMS: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    ) {
        self.database = database
        self.lease = lease
        self.pollInterval = pollInterval
        self.window = window
        self.nowMS = nowMS
    }

    /// A slot taken by `acquire`; give it back with `release`.
    public struct Permit: Sendable {
        let id: String?
        /// How long the call waited for its slot.
        public let waited: Duration
    }

    /// Waits until the call fits the limits, or throws `rate_limited` (429) when it would have to
    /// wait past `deadline`, and `exceeds_tpm_limit` (409) when it can never fit. `providerID`
    /// names the ledger's account: a connection's id, or `key:` and an application key's id;
    /// `holder` names it in messages ("The connection 'Mistral'").
    public func acquire(
        providerID: String, providerName: String, limits: ProviderLimits, tokens: Int,
        deadline: ContinuousClock.Instant, holder: String? = nil
    ) async throws -> Permit {
        let started = ContinuousClock.now
        guard !limits.isUnlimited else { return Permit(id: nil, waited: .zero) }
        let id = UUID().uuidString.lowercased()
        let leaseMS = Int64(lease.components.seconds * 1000)
        let windowMS = window.components.seconds * 1000 + window.components.attoseconds / 1_000_000_000_000_000
        let engine = database.engine
        while true {
            let now = nowMS()
            let admission = try await database.write { sql in
                if engine == .postgres {
                    try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockSpace), hashtext(\(bind: providerID)))").run()
                }
                try await CallLedger.prune(providerID: providerID, now: now, window: windowMS, on: sql)
                let ledger = try await CallLedger.snapshot(providerID: providerID, now: now, window: windowMS, on: sql)
                let admission = Admission.decide(limits, ledger, tokens: tokens, now: now, window: windowMS)
                if admission == .admit {
                    try await CallLedger.insert(id: id, providerID: providerID, now: now, lease: leaseMS, tokens: tokens, on: sql)
                }
                return admission
            }
            switch admission {
            case .admit:
                return Permit(id: id, waited: ContinuousClock.now - started)
            case .never(let message):
                let owner = holder ?? "The connection '\(providerName)'"
                throw HangarError(
                    .conflict, code: .exceedsTpmLimit, message: "\(owner) allows fewer tokens per minute than this call may use. \(message)"
                )
            case .wait(let milliseconds, let untilRelease):
                let pause = untilRelease ? max(pollInterval, .milliseconds(milliseconds)) : .milliseconds(milliseconds)
                guard ContinuousClock.now + pause <= deadline else {
                    throw Self.limitReached(
                        holder ?? "The connection '\(providerName)'", limits: limits, untilRelease: untilRelease, retryAfter: pause)
                }
                try await Task.sleep(for: pause)
            }
        }
    }

    /// Ends the call; `tokens` replaces the estimate with what the call really used. Runs even
    /// when the caller was cancelled, or the slot would stay taken until its lease ran out.
    public func release(_ permit: Permit, tokens: Int?) async {
        guard let id = permit.id else { return }
        let now = nowMS()
        let database = self.database
        await Task { try? await database.write { sql in try await CallLedger.finish(id: id, now: now, tokens: tokens, on: sql) } }.value
    }

    static let lockSpace: Int32 = 7_242_023

    static func limitReached(_ holder: String, limits: ProviderLimits, untilRelease: Bool, retryAfter: Duration) -> HangarError {
        let seconds = max(1, Int((Double(retryAfter.components.seconds) + Double(retryAfter.components.attoseconds) / 1e18).rounded(.up)))
        let which =
            untilRelease
            ? "its \(limits.maxParallel ?? 0) parallel calls are all in use"
            : "it is at its limit of \(limits.requestsPerMinute.map { "\($0) requests" } ?? "\(limits.tokensPerMinute ?? 0) tokens") per minute"
        return HangarError(
            .rateLimited, code: .rateLimited,
            message: "\(holder) is busy: \(which). Try again in about \(seconds) s, or raise its limits.", retryAfterSeconds: seconds)
    }
}
