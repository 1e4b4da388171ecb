import Foundation

extension FakeCompletions {
    /// The control routes every `hangar-fakes` completion server shares (see `FakeControl`):
    /// - `POST /_fake/completions/stream {"pieces"?, "pause_ms"?, "fail_after"?}`: how the next
    ///   streams go (`FakeStreamBehaviour`; a field left out takes its default);
    /// - `GET /_fake/completions/streams`: `[{"completed", "pieces_sent", "pieces_planned", "end"}]`
    ///   in start order, `end` one of `completed`, `failed`, `client_disconnected`, or null while
    ///   running; `completed` is false while running and when the client cut the stream. With
    ///   `?ended=N` it first waits (up to 10 s) until N streams have ended: the end is recorded
    ///   just after the last byte is written, so a client that has read it may ask before;
    /// - `POST /_fake/completions/rate-limit {"count", "retry_after"?}`: the next completions and
    ///   embeddings answer 429 (`Retry-After` "1" unless given); `/_fake/openai/rate-limit` is
    ///   the same.
    /// Nil for another route.
    func controlAnswer(_ request: RecordedRequest) async -> FakeResponse? {
        switch (request.method, FakeControl.route(request)) {
        case ("POST", "completions/stream"):
            guard let body = FakeControl.body(request) else { return FakeControl.refused("the body is not a JSON object") }
            let pieces = FakeControl.int(body["pieces"])
            let pause = FakeControl.int(body["pause_ms"]) ?? 0
            let failAfter = FakeControl.int(body["fail_after"])
            guard (pieces ?? 1) >= 1, pause >= 0, (failAfter ?? 0) >= 0 else {
                return FakeControl.refused("pieces must be at least 1, pause_ms and fail_after at least 0")
            }
            streamBehaviour = FakeStreamBehaviour(pieces: pieces, pause: .milliseconds(pause), failAfterPieces: failAfter)
            return FakeControl.done
        case ("GET", "completions/streams"):
            if let ended = request.queryItem("ended").flatMap({ Int($0) }) {
                // Polled rather than awaited: a wait on the state would outlive a client that gives up.
                var polls = 0
                while streams.filter({ $0.end != nil }).count < ended, polls < 1000 {
                    polls += 1
                    do { try await Task.sleep(for: .milliseconds(10)) } catch { break }
                }
            }
            return FakeControl.answer(200, streams.map(Self.describe))
        case ("POST", "completions/rate-limit"), ("POST", "openai/rate-limit"):
            guard let body = FakeControl.body(request) else { return FakeControl.refused("the body is not a JSON object") }
            rateLimit(next: FakeControl.int(body["count"]) ?? 1, retryAfter: body["retry_after"] as? String ?? "1")
            return FakeControl.done
        default:
            return nil
        }
    }

    private static func describe(_ stream: FakeStreamRecord) -> [String: Any] {
        let end: Any =
            switch stream.end {
            case nil: NSNull()
            case .completed: "completed"
            case .failed: "failed"
            case .clientDisconnected: "client_disconnected"
            }
        return [
            "completed": stream.completed, "pieces_sent": stream.piecesSent, "pieces_planned": stream.piecesPlanned, "end": end,
        ]
    }
}
