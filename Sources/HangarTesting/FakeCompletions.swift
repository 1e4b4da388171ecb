/// The completion requests of one fake upstream (`FakeOpenAI`, `FakeAzureOpenAI`,
/// `FakeOllama`), as tests watch and steer them: how many arrived and when, how many are
/// being answered at once, how long each takes, whether answers wait to be released, and
/// which of the next ones are refused as rate limited, how streamed answers are paced and how
/// each ended. What the answers say is fixed by `FakeCompletionReply`.
///
/// A call counts in `calls` and `arrivals` as soon as the request arrives, whatever its
/// answer turns out to be. It counts in `inFlight` from when it is accepted (key, model and
/// rate limit passed) until its answer is written: first `latency`, then, while `hold()` is in
/// effect, until released. A held call stays in flight even if its client gave up. A streamed
/// answer waits its latency and any hold before its first byte, and stays in flight until its
/// stream ends (`FakeCompletions+Streams`).
///
/// Embeddings requests are counted apart (`embeddingCalls`), but once accepted they wait, hold
/// and count in flight like completions, and the queued rate-limit refusals go to whichever
/// request, completion or embeddings, comes next.
public final class FakeCompletions: Sendable {
    /// The next refusals `rateLimit(next:retryAfter:)` queued.
    struct RateLimit: Sendable {
        var retryAfter: String?
        var retryAfterMilliseconds: Int?
    }

    struct State {
        var arrivals: [ContinuousClock.Instant] = []
        var inFlight = 0
        var maxInFlight = 0
        var latency: Duration = .zero
        var rateLimits: [RateLimit] = []
        var replyStyle = ReplyStyle.sentence
        var streamBehaviour = FakeStreamBehaviour()
        var streams: [FakeStreamRecord] = []
        var nextStreamID = 0
        var embeddingArrivals = 0
    }

    /// How answers are worded.
    public enum ReplyStyle: Sendable, Equatable {
        /// `FakeCompletionReply`'s sentence, its usage counted from the request.
        case sentence
        /// `FakeCompletionReply.echo`: the last user message repeated, with this usage.
        case echo(promptTokens: Int, completionTokens: Int)
    }

    let state = WatchedState(State())
    private let answers = Turnstile(holding: false)

    init() {}

    // MARK: Watching

    /// Completion requests received so far, refused ones included.
    public var calls: Int { state.read { $0.arrivals.count } }

    /// When each completion request arrived, in order: for checking requests-per-minute spacing.
    public var arrivals: [ContinuousClock.Instant] { state.read { $0.arrivals } }

    /// Accepted completions whose answer has not been written yet.
    public var inFlight: Int { state.read { $0.inFlight } }

    /// The most completions ever in flight at once.
    public var maxInFlight: Int { state.read { $0.maxInFlight } }

    /// Returns once at least `count` completions are in flight at the same time.
    public func waitForInFlight(_ count: Int) async {
        await state.wait { $0.inFlight >= count }
    }

    /// Returns once at least `count` completion requests have arrived.
    public func waitForCalls(_ count: Int) async {
        await state.wait { $0.arrivals.count >= count }
    }

    // MARK: Steering

    /// How long each accepted completion takes before it may answer (zero by default).
    public var latency: Duration {
        get { state.read { $0.latency } }
        set { state.update { $0.latency = newValue } }
    }

    /// From now on, accepted completions wait after their latency until released.
    public func hold() {
        answers.hold()
    }

    /// Stops holding: every waiting answer goes, and later ones do not wait.
    public func release() {
        answers.releaseAll()
    }

    /// Lets `count` held answers go, the oldest first, and keeps holding the rest; a permit
    /// not used at once lets the next call that would wait through.
    public func release(_ count: Int) {
        answers.release(count)
    }

    /// The next `count` completion requests that pass the key check (every one, on Ollama)
    /// are refused with 429 in the provider's real form: OpenAI's `rate_limit_exceeded` body
    /// with `x-ratelimit-*` headers, Azure's `429` body, or a proxy's plain 429 before Ollama.
    /// `retryAfter` is sent as `Retry-After` as given (seconds or an HTTP date; nil sends
    /// none), `retryAfterMilliseconds` as `retry-after-ms`, which Azure sends beside it.
    public func rateLimit(next count: Int, retryAfter: String?, retryAfterMilliseconds: Int? = nil) {
        let limit = RateLimit(retryAfter: retryAfter, retryAfterMilliseconds: retryAfterMilliseconds)
        state.update { $0.rateLimits += Array(repeating: limit, count: max(count, 0)) }
    }

    /// Refusals still queued by `rateLimit(next:retryAfter:)`.
    public var pendingRateLimits: Int { state.read { $0.rateLimits.count } }

    /// How the next answers are worded (`.sentence` by default).
    public var replyStyle: ReplyStyle {
        get { state.read { $0.replyStyle } }
        set { state.update { $0.replyStyle = newValue } }
    }

    // MARK: For the fakes' routes

    func reply(to body: [String: Any]) -> FakeCompletionReply {
        switch replyStyle {
        case .sentence:
            return FakeCompletionReply(chatBody: body)
        case .echo(let promptTokens, let completionTokens):
            return .echo(
                contents: FakeCompletionReply.userContents(body), promptTokens: promptTokens, completionTokens: completionTokens)
        }
    }

    func arrived() {
        state.update { $0.arrivals.append(.now) }
    }

    func takeRateLimit() -> RateLimit? {
        state.update { $0.rateLimits.isEmpty ? nil : $0.rateLimits.removeFirst() }
    }

    /// Keeps an accepted completion in flight for its latency and any hold. False when the
    /// server is stopping (the task was cancelled): the answer is then not written.
    func generate() async -> Bool {
        guard await admit() else { return false }
        leave()
        return true
    }

    /// Counts an accepted answer in flight and waits its latency and any hold. True: still in
    /// flight, the caller calls `leave()` once its answer is over. False (cancelled): no
    /// longer in flight.
    func admit() async -> Bool {
        let latency = state.update { state in
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            return state.latency
        }
        if latency > .zero {
            do { try await Task.sleep(for: latency) } catch {
                leave()
                return false
            }
        }
        guard await answers.pass() else {
            leave()
            return false
        }
        return true
    }

    func leave() {
        state.update { $0.inFlight -= 1 }
    }

    /// Back to the state at launch (`POST /_fake/reset`): no queued refusals, streams unpaced,
    /// the records of past streams forgotten. Answers in flight finish as they were.
    func reset() {
        state.update { state in
            state.rateLimits = []
            state.streamBehaviour = FakeStreamBehaviour()
            state.streams = []
        }
    }
}
