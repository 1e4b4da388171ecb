import HangarCore
import Synchronization

/// One subscriber's bounded queue of live events, filled by the bus's fan-out and drained by
/// the subscriber's stream.
///
/// When the queue is full the subscription ends (after the events it holds) rather than
/// dropping events silently: an SSE client then reconnects with its `Last-Event-ID` and the
/// replay from the stored log fills exactly what it missed.
final class Subscription: Sendable {
    let id: UInt64
    let subjectID: String?
    private let filter: @Sendable (HangarEvent) -> Bool
    private let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var buffer: [HangarEvent] = []
        var head = 0
        var waiter: CheckedContinuation<HangarEvent?, Never>?
        var ended = false
    }

    init(id: UInt64, subjectID: String?, capacity: Int, filter: @escaping @Sendable (HangarEvent) -> Bool) {
        self.id = id
        self.subjectID = subjectID
        self.capacity = capacity
        self.filter = filter
    }

    func accepts(_ event: HangarEvent) -> Bool {
        (subjectID == nil || event.subjectID == subjectID) && filter(event)
    }

    /// Queues `event`; false when the queue was full and the subscription has ended.
    func offer(_ event: HangarEvent) -> Bool {
        enum Outcome {
            case handed(CheckedContinuation<HangarEvent?, Never>)
            case queued, overflowed
        }
        let outcome = state.withLock { state -> Outcome in
            if state.ended { return .queued }
            if let waiter = state.waiter {
                state.waiter = nil
                return .handed(waiter)
            }
            if state.buffer.count - state.head >= capacity {
                state.ended = true
                return .overflowed
            }
            state.buffer.append(event)
            return .queued
        }
        switch outcome {
        case .handed(let waiter):
            waiter.resume(returning: event)
            return true
        case .queued: return true
        case .overflowed: return false
        }
    }

    /// Ends the subscription: the consumer drains what is queued, then sees the end.
    func end() {
        state.withLock { state in
            state.ended = true
            defer { state.waiter = nil }
            return state.waiter
        }?.resume(returning: nil)
    }

    /// The next live event, or nil once ended (or the consuming task is cancelled).
    func next() async -> HangarEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<HangarEvent?, Never>) in
                enum Outcome {
                    case event(HangarEvent?)
                    case wait
                }
                let outcome = state.withLock { state -> Outcome in
                    if state.head < state.buffer.count {
                        let event = state.buffer[state.head]
                        state.head += 1
                        if state.head >= 256, state.head * 2 >= state.buffer.count {
                            state.buffer.removeFirst(state.head)
                            state.head = 0
                        }
                        return .event(event)
                    }
                    if state.ended || Task.isCancelled { return .event(nil) }
                    state.waiter = continuation
                    return .wait
                }
                if case .event(let event) = outcome { continuation.resume(returning: event) }
            }
        } onCancel: {
            end()
        }
    }
}
