import HangarCore
import Synchronization

/// Drives one subscriber's stream: first the stored events after its `Last-Event-ID`, page
/// by page as it reads them, then the live queue, skipping what the replay already gave.
/// The live queue is registered before the replay reads anything, so no event falls between
/// the two. Released with the stream, it unregisters the subscription.
final class SubscriptionReader: Sendable {
    static let pageSize = 500

    private let bus: EventBus
    private let subscription: Subscription
    private let after: Int64?
    private let state = Mutex(State())

    private struct State {
        var started = false
        /// The id of the last event given out (or skipped as the subscriber's filter asked).
        var position: Int64?
        var page: [HangarEvent] = []
        var pageIndex = 0
        var replaying = false
        var lastPage = false
    }

    init(bus: EventBus, subscription: Subscription, after: Int64?) {
        self.bus = bus
        self.subscription = subscription
        self.after = after
    }

    deinit {
        bus.unregister(subscription)
    }

    func cancel() {
        bus.unregister(subscription)
    }

    /// Called by one consumer at a time (an AsyncStream has a single iterator).
    func next() async -> HangarEvent? {
        if !state.withLock({ $0.started }) {
            guard await start() else { return nil }
        }
        while true {
            if Task.isCancelled { return nil }
            if let event = nextReplayed() {
                if subscription.accepts(event) { return event }
                continue
            }
            if state.withLock({ $0.replaying }) {
                guard await readPage() else { return nil }
                continue
            }
            guard let event = await subscription.next() else { return nil }
            let fresh = state.withLock { state -> Bool in
                if let position = state.position, event.id <= position { return false }
                state.position = event.id
                return true
            }
            if fresh { return event }
        }
    }

    private func start() async -> Bool {
        do {
            // Fixes where live delivery begins, so nothing committed from here on is lost.
            try await bus.establishBaseline()
            var position = after
            if let after {
                // A Last-Event-ID from a newer log (e.g. a recreated database) must not hide
                // the events this log numbers lower.
                position = min(after, try await bus.latestEventID())
            }
            state.withLock { state in
                state.started = true
                state.position = position
                state.replaying = position != nil
            }
            return true
        } catch {
            bus.logger.warning("event subscription could not start", metadata: ["error": "\(error)"])
            cancel()
            return false
        }
    }

    private func nextReplayed() -> HangarEvent? {
        state.withLock { state in
            guard state.pageIndex < state.page.count else { return nil }
            let event = state.page[state.pageIndex]
            state.pageIndex += 1
            state.position = event.id
            return event
        }
    }

    private func readPage() async -> Bool {
        let (position, lastPage) = state.withLock { ($0.position ?? 0, $0.lastPage) }
        if lastPage {
            state.withLock { $0.replaying = false }
            return true
        }
        do {
            let page = try await bus.storedEvents(after: position, subjectID: subscription.subjectID, limit: Self.pageSize)
            state.withLock { state in
                state.page = page
                state.pageIndex = 0
                state.lastPage = page.count < Self.pageSize
            }
            return true
        } catch {
            bus.logger.warning("event replay failed; ending the subscription", metadata: ["error": "\(error)"])
            cancel()
            return false
        }
    }
}
