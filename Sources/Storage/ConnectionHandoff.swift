import PostgresNIO
import Synchronization

/// One pooled connection passed from the task that leases it to the task that uses it.
///
/// PostgresNIO's lease request ignores a cancellation that arrives before it is queued, and
/// then waits until the pool serves it, which, with PostgreSQL down, can be a minute or more. So
/// the lease runs in a task of its own (`holder`), and the user waits here instead, on a wait
/// that a timeout or a cancellation ends at once. A holder that gets its connection after the
/// user gave up hands it straight back to the pool.
final class ConnectionHandoff: Sendable {
    private struct State {
        var connection: PostgresConnection?
        var failure: (any Error)?
        var taken = false
        var abandoned = false
        var released = false
        var taker: CheckedContinuation<PostgresConnection, any Error>?
        var holder: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    // MARK: The user's side

    /// The connection, or the error that ended the wait (the lease's, or `giveUp`'s).
    func take() async throws -> PostgresConnection {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<PostgresConnection, any Error>? in
                if let failure = state.failure { return .failure(failure) }
                if let connection = state.connection {
                    state.taken = true
                    return .success(connection)
                }
                state.taker = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Stops waiting with `error`, unless the connection was already taken (or the wait ended
    /// otherwise); returns whether it did.
    @discardableResult
    func giveUp(_ error: any Error) -> Bool {
        let (ended, taker, holder) = state.withLock {
            state -> (Bool, CheckedContinuation<PostgresConnection, any Error>?, CheckedContinuation<Void, Never>?) in
            guard !state.taken, !state.abandoned, state.failure == nil else { return (false, nil, nil) }
            state.abandoned = true
            state.failure = error
            defer { (state.taker, state.holder) = (nil, nil) }
            return (true, state.taker, state.holder)
        }
        taker?.resume(throwing: error)
        holder?.resume()
        return ended
    }

    /// The user is done with the connection: the holder gives it back to the pool.
    func release() {
        let holder = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.released = true
            defer { state.holder = nil }
            return state.holder
        }
        holder?.resume()
    }

    // MARK: The holder's side

    /// Offers the leased connection and keeps the lease until the user releases it; returns at
    /// once when the user already gave up.
    func hold(_ connection: PostgresConnection) async {
        let taker = state.withLock { state -> CheckedContinuation<PostgresConnection, any Error>? in
            guard !state.abandoned else { return nil }
            state.connection = connection
            guard let taker = state.taker else { return nil }
            state.taker = nil
            state.taken = true
            return taker
        }
        taker?.resume(returning: connection)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.released || state.abandoned { return true }
                state.holder = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// The lease failed.
    func fail(_ error: any Error) {
        let taker = state.withLock { state -> CheckedContinuation<PostgresConnection, any Error>? in
            guard !state.taken, state.failure == nil else { return nil }
            state.failure = error
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume(throwing: error)
    }
}
