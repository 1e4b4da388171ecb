/// How the fakes stream chat completions (`"stream": true`): into how many pieces the reply's
/// text is cut, the pause between two pieces, and whether the stream fails part way.
public struct FakeStreamBehaviour: Sendable, Equatable {
    /// Content pieces per streamed answer: the text cut into this many parts of near-equal
    /// length (at most one a character). Nil: one a word, as `FakeCompletionReply` splits it.
    public var pieces: Int?
    /// Waited before each content piece after the first, and before the end of the stream.
    public var pause: Duration
    /// After this many content pieces the stream sends the provider's error event instead of
    /// the rest, then ends without `[DONE]`, as OpenAI does when generation fails.
    public var failAfterPieces: Int?

    public init(pieces: Int? = nil, pause: Duration = .zero, failAfterPieces: Int? = nil) {
        self.pieces = pieces
        self.pause = pause
        self.failAfterPieces = failAfterPieces
    }
}

/// One streamed chat completion as the fake saw it go out.
public struct FakeStreamRecord: Sendable, Equatable {
    public enum End: Sendable, Equatable {
        /// Every event written, `[DONE]` included.
        case completed
        /// The steered error event written after `failAfterPieces` pieces.
        case failed
        /// The client closed the connection before the end.
        case clientDisconnected
    }

    let id: Int
    /// Content pieces the reply was cut into.
    public let piecesPlanned: Int
    /// Content pieces written to the connection so far (all of them once it ended otherwise
    /// than by the client).
    public internal(set) var piecesSent: Int
    /// Nil while the stream runs.
    public internal(set) var end: End?

    /// True once the whole answer the fake meant to send was written, a steered error included;
    /// false while running or when the client cut it.
    public var completed: Bool { end == .completed || end == .failed }
}

extension FakeCompletions {
    /// How the next streamed answers are paced and whether they fail (changes apply to streams
    /// that start afterwards).
    public var streamBehaviour: FakeStreamBehaviour {
        get { state.read { $0.streamBehaviour } }
        set { state.update { $0.streamBehaviour = newValue } }
    }

    /// Every streamed completion, in the order they started (after latency and any hold).
    public var streams: [FakeStreamRecord] { state.read { $0.streams } }

    /// Returns every stream once at least `count` streams have ended, however they ended: how a
    /// test asserts that the upstream saw its client go away.
    @discardableResult
    public func waitForStreamEnds(_ count: Int) async -> [FakeStreamRecord] {
        await state.wait { $0.streams.filter { $0.end != nil }.count >= count }
        return streams
    }

    /// Returns stream `index` (in start order) once `count` of its pieces are written or it ended.
    @discardableResult
    public func waitForStream(_ index: Int = 0, piecesSent count: Int) async -> FakeStreamRecord {
        await state.wait { $0.streams.count > index && ($0.streams[index].piecesSent >= count || $0.streams[index].end != nil) }
        return streams[index]
    }

    /// Embeddings requests received so far, refused ones included (not counted in `calls`).
    public var embeddingCalls: Int { state.read { $0.embeddingArrivals } }

    /// Returns once at least `count` embeddings requests have arrived.
    public func waitForEmbeddingCalls(_ count: Int) async {
        await state.wait { $0.embeddingArrivals >= count }
    }

    // MARK: For the fakes' routes

    func embeddingArrived() {
        state.update { $0.embeddingArrivals += 1 }
    }

    /// Records a stream that starts now; answers its id.
    func streamStarted(pieces: Int) -> Int {
        state.update { state in
            state.nextStreamID += 1
            state.streams.append(FakeStreamRecord(id: state.nextStreamID, piecesPlanned: pieces, piecesSent: 0, end: nil))
            return state.nextStreamID
        }
    }

    func stream(_ id: Int, sent pieces: Int) {
        state.update { state in
            guard let index = state.streams.firstIndex(where: { $0.id == id }) else { return }
            state.streams[index].piecesSent = max(state.streams[index].piecesSent, pieces)
        }
    }

    func stream(_ id: Int, ended end: FakeStreamRecord.End, piecesSent pieces: Int) {
        state.update { state in
            guard let index = state.streams.firstIndex(where: { $0.id == id }) else { return }
            state.streams[index].piecesSent = pieces
            state.streams[index].end = end
        }
    }
}

extension FakeCompletions {
    /// A streamed answer to a chat body, once its latency and any hold are over; a dropped
    /// connection when the request was cancelled meanwhile.
    func streamedAnswer(_ dialect: FakeChatStream.Dialect, model: String, body: [String: Any]) async -> FakeResponse {
        guard await admit() else { return .droppedConnection }
        return FakeChatStream(dialect, model: model, reply: reply(to: body), body: body, behaviour: streamBehaviour)
            .response(recordingIn: self)
    }

    /// An embeddings answer, once its latency and any hold are over.
    func embeddingsAnswer(model: String, request: FakeEmbedding.Request) async -> FakeResponse {
        guard await generate() else { return .droppedConnection }
        return FakeEmbedding.answer(model: model, request: request)
    }
}
