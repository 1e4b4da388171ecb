import Foundation
import HangarCore
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage
import Synchronization

extension EventBus {
    /// On PostgreSQL, listens for the events of every replica (reconnecting with backoff
    /// when the connection drops); on both engines prunes the log now and then. Ends on
    /// graceful shutdown or cancellation, ending every subscription.
    public func run() async throws {
        fanOut.withLock { $0.stopped = false }
        await withTaskGroup(of: Void.self) { group in
            if let store = database as? PostgresStore {
                group.addTask { await self.listen(store) }
                group.addTask { await self.every(self.catchUpInterval) { await self.fanOutGate.withLock { await self.catchUpLocked() } } }
            }
            group.addTask { await self.every(self.pruneInterval) { await self.pruneLogging() } }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        stopSubscriptions()
    }

    /// Deletes events older than the retention and beyond the maximum kept; returns how many.
    @discardableResult
    public func prune() async throws -> Int {
        let cutoff = Timestamp.format(Date().addingTimeInterval(-retention.timeInterval))
        return try await shielded {
            try await self.database.write { sql in
                try await EventQueries.prune(createdBefore: cutoff, keep: self.maxRetained, on: sql)
            }
        }
    }

    private func pruneLogging() async {
        do {
            let pruned = try await prune()
            if pruned > 0 { logger.debug("pruned events", metadata: ["count": "\(pruned)"]) }
        } catch {
            logger.warning("could not prune events", metadata: ["error": "\(error)"])
        }
    }

    private func every(_ interval: Duration, _ work: @Sendable () async -> Void) async {
        while !Task.isCancelled {
            await work()
            try? await Task.sleep(for: interval)
        }
    }

    /// The LISTEN loop. After each (re)connection it first delivers what was stored while it
    /// was not listening, so a dropped connection (a PostgreSQL restart) loses nothing.
    private func listen(_ store: PostgresStore) async {
        let backoff = Mutex(Duration.milliseconds(100))
        while !Task.isCancelled {
            do {
                try await establishBaseline()
                try await store.listen(on: Self.channel) { notifications in
                    await self.fanOutGate.withLock { await self.catchUpLocked() }
                    if !self.listening.isOpen {
                        self.logger.debug("listening for events")
                    }
                    self.listening.open()
                    backoff.withLock { $0 = .milliseconds(100) }
                    for try await notification in notifications {
                        await self.receive(notification.payload)
                    }
                }
                if Task.isCancelled { break }
                logger.warning("event listener's connection closed; reconnecting")
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "event listener lost its connection; reconnecting",
                    metadata: ["error": "\(error)", "retry_in": "\(backoff.withLock { $0 })"])
            }
            let wait = backoff.withLock { wait in
                defer { wait = min(wait * 2, .seconds(5)) }
                return wait
            }
            try? await Task.sleep(for: wait)
        }
    }

    private func receive(_ payload: String) async {
        await fanOutGate.withLock {
            if payload.hasPrefix("{"), let event = try? JSONDecoder().decode(HangarEvent.self, from: Data(payload.utf8)) {
                fanOutLocked([event])
            } else {
                // Too large for a notification: read it (and anything before it) from the log.
                await catchUpLocked()
            }
        }
    }
}
