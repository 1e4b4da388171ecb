import HangarCore
import Synchronization

/// One job this process runs: why it should stop, and the progress not yet stored.
final class JobRun: Sendable {
    enum StopReason: Sendable {
        /// Canceled by a user: the database already says so.
        case canceled
        /// Another actor holds the job now (our lease was lost).
        case lost
        /// This process stops: the job goes back to the queue.
        case shutdown
    }

    let job: Job
    let payload: String?
    let stopped = Latch()
    let progressReported = Doorbell()
    private let state: Mutex<State>

    private struct State {
        var stopReason: StopReason?
        var progress: JobProgress
        var progressPending = false
        var result: JSONValue?
    }

    init(_ stored: StoredJob) {
        self.job = stored.job
        self.payload = stored.payload
        self.state = Mutex(State(progress: stored.job.progress))
    }

    /// The first reason wins: a job canceled during shutdown stays canceled.
    func stop(_ reason: StopReason) {
        state.withLock { state in
            if state.stopReason == nil { state.stopReason = reason }
        }
        stopped.open()
    }

    var stopReason: StopReason? { state.withLock { $0.stopReason } }

    /// The latest progress reported (or the job's own until then).
    var progress: JobProgress { state.withLock { $0.progress } }

    func report(_ progress: JobProgress) {
        state.withLock { state in
            state.progress = progress
            state.progressPending = true
        }
        progressReported.ring()
    }

    func setResult(_ value: JSONValue) {
        state.withLock { $0.result = value }
    }

    var result: JSONValue? { state.withLock { $0.result } }

    /// The progress to store, if any was reported since the last call.
    func takePendingProgress() -> JobProgress? {
        state.withLock { state in
            guard state.progressPending else { return nil }
            state.progressPending = false
            return state.progress
        }
    }
}
