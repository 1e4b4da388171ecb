import HangarCore

/// Thrown by a handler to fail its job at once, with an error the user can act on. Any other
/// error counts as a failed attempt: the job is retried after a delay and, once its attempts
/// are spent, fails as `internal_error` with a generic message (the details go to the log).
public struct JobFailure: Error, Sendable, Hashable {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}

/// What a handler gets to run one job.
public struct JobContext: Sendable {
    public let job: Job
    public let payload: String?
    private let reporter: @Sendable (JobProgress) async -> Void
    private let resultRecorder: @Sendable (JSONValue) -> Void

    /// Handlers' own tests can build a context with a recording `report` (and `recordResult`).
    public init(
        job: Job, payload: String?, report: @escaping @Sendable (JobProgress) async -> Void,
        recordResult: @escaping @Sendable (JSONValue) -> Void = { _ in }
    ) {
        self.job = job
        self.payload = payload
        self.reporter = report
        self.resultRecorder = recordResult
    }

    /// What the job found, stored with its `succeeded` state and shown as the job's `result`.
    public func setResult(_ value: JSONValue) {
        resultRecorder(value)
    }

    /// Records the job's progress. Cheap to call often: the pool persists it (and publishes
    /// a job `progress` event) at most once per `progressInterval`, always the latest value,
    /// and writes the last one with the job's final state. It never waits for the database.
    public func report(_ progress: JobProgress) async {
        await reporter(progress)
    }
}

/// Runs the jobs of one kind.
public protocol JobHandler: Sendable {
    /// e.g. `download`.
    var kind: String { get }
    /// How many jobs of this kind one process runs at once; read before each claim, so a
    /// setting changed at runtime takes effect without a restart.
    var concurrency: Int { get async }
    /// Returning succeeds the job; throwing `JobFailure` fails it; throwing anything else
    /// retries it later (see `JobWorkerPool`); after a cancel the task is cancelled and
    /// whatever it then throws leaves the job canceled. On graceful shutdown the task is
    /// cancelled too and the job goes back to the queue, so a handler must be able to start
    /// over (or resume) on its next attempt.
    func run(_ context: JobContext) async throws
    /// Called in the process that made the change, after every committed state change of a
    /// job of this kind: enqueued, claimed, succeeded, failed, canceled (also when queued),
    /// and re-queued (for a retry after an unexpected error, a lease that expired or a run
    /// reclaimed at start, or at shutdown). Defaults to nothing.
    func stateChanged(_ job: Job) async
}

extension JobHandler {
    public func stateChanged(_ job: Job) async {}
}
