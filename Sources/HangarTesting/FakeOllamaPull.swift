/// How the fake Ollama server streams a pull, changeable while a pull runs.
public struct FakeOllamaPullBehaviour: Sendable {
    /// The wait between lines: `pause`, or 100 ms when pacing by rate without one.
    var interval: Duration {
        pause == .zero && bytesPerSecond != nil ? .milliseconds(100) : pause
    }

    /// Progress lines for a blob of `size` bytes after its first.
    func steps(size: Int) -> Int {
        guard let rate = bytesPerSecond, rate > 0 else { return max(1, progressSteps) }
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return max(1, Int((Double(size) / (Double(rate) * seconds)).rounded()))
    }

    /// Progress lines per blob after its first (which has no `completed`, as Ollama omits a
    /// zero): `completed` rises in this many steps to `total`.
    public var progressSteps = 3
    /// Waits this long before each line after the first.
    public var pause: Duration = .zero
    /// Paces blobs by size instead of `progressSteps`: a blob gets one progress line per
    /// `pause` (100 ms when zero) for as long as it takes at this rate, so small blobs finish
    /// at once and large ones take their time, as on a real link.
    public var bytesPerSecond: Int?
    /// Each line waits for `FakeOllama.releasePullLines(_:)`, so a test can hold a pull at an
    /// exact point and go on when it chooses, without sleeping.
    public var gated = false
    /// After this many `pulling <digest>` progress lines, the pull fails in-band with
    /// `{"error": failureMessage}` (HTTP 200 already sent) and installs nothing.
    public var failAfterProgressLines: Int?
    /// What Ollama says when a blob download gives up.
    public var failureMessage = "max retries exceeded: unexpected EOF"

    public init() {}
}

/// One `/api/pull` the fake received and how it went.
public struct FakeOllamaPullRecord: Sendable {
    public enum End: Sendable, Equatable {
        /// Every line was written and the answer ended normally.
        case completed
        /// The client closed the connection before the last line was written.
        case clientDisconnected
    }

    /// The name as the request gave it.
    public let model: String
    /// False for `"stream": false`, answered with one object at the end.
    public let streamed: Bool
    /// Every NDJSON line produced so far (without its newline), in order.
    public internal(set) var lines: [String] = []
    /// How many of `lines` were fully written to the connection.
    public internal(set) var linesSent = 0
    /// When each line was handed to the connection, in nanoseconds of `CLOCK_MONOTONIC`, the
    /// clock other processes of the machine read too (a benchmark's latency probe).
    public internal(set) var lineTimes: [UInt64] = []
    /// Nil while the answer is still being written.
    public internal(set) var end: End?
    /// Whether the pull installed the model (it does so just before its `success` line).
    public internal(set) var installed = false
    /// Where each line ends in the body, to tell from the bytes written which lines got out.
    var lineEnds: [Int] = []
}

/// How the fake keeps a model in `/api/ps` after it was asked to unload it.
public enum FakeOllamaUnloadLag: Sendable, Equatable {
    /// Still listed by the next `count` `/api/ps` answers, gone from the one after.
    case polls(Int)
    /// Still listed until this long after the unload request.
    case duration(Duration)
}
