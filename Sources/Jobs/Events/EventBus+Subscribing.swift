import HangarCore
import Storage

extension EventBus {
    /// Live events matching `filter` (and `subjectID` when given), preceded by the stored
    /// events with an id above `lastEventID` when one is given: the live queue is registered
    /// first, then the log is replayed, then live events continue after the last replayed id,
    /// so there is no gap and no duplicate. Without `lastEventID` only live events come.
    ///
    /// The stream ends when the consumer stops iterating or its task is cancelled, when the
    /// bus stops, or when the subscriber falls `subscriberCapacity` live events behind: it
    /// then gets what was queued and the end, and resumes with its last id (SSE clients do
    /// that on their own with Last-Event-ID). Nothing is dropped silently.
    ///
    /// `subjectID` narrows the replay in the database (a job's own event stream), where
    /// `filter` alone would read the whole log.
    public func subscribe(
        after lastEventID: Int64?, subjectID: String? = nil,
        filter: @escaping @Sendable (HangarEvent) -> Bool = { _ in true }
    ) -> AsyncStream<HangarEvent> {
        let subscription = fanOut.withLock { state -> Subscription? in
            guard !state.stopped else { return nil }
            state.nextSubscriberID += 1
            let subscription = Subscription(
                id: state.nextSubscriberID, subjectID: subjectID, capacity: subscriberCapacity, filter: filter)
            state.subscribers[subscription.id] = subscription
            return subscription
        }
        guard let subscription else { return AsyncStream { $0.finish() } }
        let reader = SubscriptionReader(bus: self, subscription: subscription, after: lastEventID)
        return AsyncStream(unfolding: { await reader.next() }, onCancel: { reader.cancel() })
    }

    func unregister(_ subscription: Subscription) {
        _ = fanOut.withLock { $0.subscribers.removeValue(forKey: subscription.id) }
        subscription.end()
    }

    /// Fixes where live delivery starts, if nothing did yet: events stored from now on reach
    /// the subscribers registered now.
    func establishBaseline() async throws {
        if fanOut.withLock({ $0.delivered != nil }) { return }
        try await fanOutGate.withLock {
            if fanOut.withLock({ $0.delivered != nil }) { return }
            let latest = try await latestEventID()
            fanOut.withLock { state in
                if state.delivered == nil { state.delivered = latest }
            }
        }
    }

    /// Hands `events` (in id order) to the subscribers, skipping those already delivered.
    /// Callers hold `fanOutGate`.
    func fanOutLocked(_ events: [HangarEvent]) {
        for event in events {
            let subscribers = fanOut.withLock { state -> [Subscription] in
                guard let delivered = state.delivered, event.id > delivered else { return [] }
                state.delivered = event.id
                return Array(state.subscribers.values)
            }
            for subscriber in subscribers where subscriber.accepts(event) {
                if !subscriber.offer(event) {
                    logger.info(
                        "event subscriber fell behind; its stream ends and it resumes from its last id",
                        metadata: ["subscriber": "\(subscriber.id)", "event": "\(event.id)"])
                    unregister(subscriber)
                }
            }
        }
    }

    /// Delivers every stored event after the last one delivered. Callers hold `fanOutGate`.
    func catchUpLocked() async {
        do {
            while let delivered = fanOut.withLock({ $0.delivered }) {
                let page = try await storedEvents(after: delivered, limit: 500)
                fanOutLocked(page)
                if page.count < 500 { break }
            }
        } catch {
            logger.warning("could not read the event log to deliver events", metadata: ["error": "\(error)"])
        }
    }

    /// Ends every open subscription and refuses new ones.
    func stopSubscriptions() {
        let subscribers = fanOut.withLock { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.end() }
    }
}
