import HangarCore
import Synchronization

/// Runs `stateChanged` hooks in commit order within this process.
///
/// Two tasks change one job back to back (the enqueue, then the pool's claim), and each
/// runs hooks after its commit; without an order the second's hook could run first and a
/// handler mirroring the state would end on the stale one. So a change takes a ticket while
/// its transaction is still open (SQLite has one writer; on PostgreSQL a later change of the
/// same row waits for the earlier commit before it can take its ticket), and hooks run in
/// ticket order. A change that rolls back gives its ticket up.
///
/// Hooks should be quick: they run one at a time. A hook may itself change jobs; those
/// changes run their hooks at once, inside it.
final class HookLine: Sendable {
    @TaskLocal static var insideHook = false

    private struct State {
        var next: UInt64 = 0
        var serving: UInt64 = 0
        var givenUp: Set<UInt64> = []
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }
    private let state = Mutex(State())

    func reserve() -> UInt64 {
        state.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Runs `hooks` when every earlier ticket is done. Not cancellable: the line must move on.
    func run(_ ticket: UInt64, _ hooks: () async -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.serving == ticket { return true }
                state.waiters[ticket] = continuation
                return false
            }
            if now { continuation.resume() }
        }
        await HookLine.$insideHook.withValue(true) { await hooks() }
        advance(past: ticket)
    }

    func giveUp(_ ticket: UInt64) {
        let serving = state.withLock { state -> Bool in
            state.givenUp.insert(ticket)
            return state.serving == ticket
        }
        if serving { advance(past: ticket) }
    }

    private func advance(past ticket: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.givenUp.remove(ticket)
            state.serving = ticket + 1
            while state.givenUp.remove(state.serving) != nil { state.serving += 1 }
            return state.waiters.removeValue(forKey: state.serving)
        }
        waiter?.resume()
    }
}

/// Holds the ticket a transaction took, for after its commit (or rollback).
final class TicketBox: Sendable {
    private let ticket = Mutex<UInt64?>(nil)
    func set(_ value: UInt64) { ticket.withLock { $0 = value } }
    var value: UInt64? { ticket.withLock { $0 } }
}
