import Foundation
import HangarCore
import Logging
import SQLKit
import ServiceLifecycle
import Storage
import Synchronization

/// The event log and its live fan-out.
///
/// Every event is stored (table `events`) before anyone sees it, and live delivery reads in
/// the log's order: on SQLite the publisher hands committed events to subscribers right after
/// its commit; on PostgreSQL each replica's LISTEN loop (in `run()`) does, so an event reaches
/// the subscribers of every replica, its own included, exactly once and in commit order.
///
/// Event ids follow commit order on both engines: SQLite has a single writer, and on
/// PostgreSQL the transactions that store events take turns on an advisory lock from their
/// insert to their commit (held for a few statements, since events are stored last). A
/// subscriber can therefore resume from any id and the rest of the log is exactly what
/// follows it.
///
/// Run the bus as a Service beside the database store. When `run()` ends, every open
/// subscription ends too, so open SSE responses do not hold up the server's shutdown.
public final class EventBus: Service, Sendable {
    let database: any Database
    let logger: Logger
    let retention: Duration
    let maxRetained: Int
    let pruneInterval: Duration
    let catchUpInterval: Duration
    let subscriberCapacity: Int

    /// Serialises fan-out, so batches reach subscribers one at a time and in id order.
    let fanOutGate = AsyncLock()
    let fanOut = Mutex(FanOutState())
    let listening = Latch()

    struct FanOutState {
        /// The last event handed to subscribers; nil until live delivery has a starting point.
        var delivered: Int64?
        var subscribers: [UInt64: Subscription] = [:]
        var nextSubscriberID: UInt64 = 0
        var stopped = false
    }

    /// NOTIFY channel shared by every replica of one database.
    static let channel = "hangar_events"
    /// Taken by every transaction that stores events (see the type's comment); 7242021 is
    /// the migrator's.
    static let advisoryLockKey: Int64 = 7_242_022

    /// - Parameters:
    ///   - retention: events older than this are pruned (SSE clients resuming later miss them).
    ///   - maxRetained: at most this many events are kept.
    ///   - pruneInterval: how often `run()` prunes.
    ///   - catchUpInterval: on PostgreSQL, how often `run()` also reads the log for events whose
    ///     notification it may have missed (a silently broken connection); normally finds none.
    ///   - subscriberCapacity: live events queued per subscriber before its stream ends.
    public init(
        database: any Database, logger: Logger, retention: Duration = .seconds(3600), maxRetained: Int = 10_000,
        pruneInterval: Duration = .seconds(60), catchUpInterval: Duration = .seconds(5), subscriberCapacity: Int = 1024
    ) {
        self.database = database
        self.logger = logger
        self.retention = retention
        self.maxRetained = maxRetained
        self.pruneInterval = pruneInterval
        self.catchUpInterval = catchUpInterval
        self.subscriberCapacity = max(1, subscriberCapacity)
    }

    /// The latest event id stored (0 if none), for SSE clients that connect without
    /// Last-Event-ID.
    public func latestEventID() async throws -> Int64 {
        try await database.read { sql in try await EventQueries.latestID(on: sql) }
    }

    /// Stored events after `id`, oldest first (the replay a reconnecting client gets).
    public func storedEvents(after id: Int64, subjectID: String? = nil, limit: Int = 500) async throws -> [HangarEvent] {
        try await database.read { sql in
            try await EventQueries.events(after: id, subjectID: subjectID, limit: limit, on: sql)
        }
    }

    /// Returns once live delivery is running: at once on SQLite, on PostgreSQL when `run()`
    /// has its LISTEN in place. Subscriptions work before that; this is for tests and for
    /// callers that must not start before the bus hears other replicas.
    public func ready() async {
        if database.engine == .sqlite { return }
        await listening.wait()
    }

    /// How many subscriptions are open (for metrics and tests).
    public var subscriberCount: Int {
        fanOut.withLock { $0.subscribers.count }
    }
}
