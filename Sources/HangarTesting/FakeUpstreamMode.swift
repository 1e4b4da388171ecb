import Synchronization

/// How an upstream fake behaves: normally, or failing the way real APIs and networks fail.
public enum FakeUpstreamMode: Sendable, Equatable {
    case normal
    case unauthorized
    case forbidden
    case notFound
    case rateLimited(retryAfter: Int?)
    case serverError
    /// 200 with a body that is not JSON.
    case malformedJSON
    /// 200 with JSON of the wrong shape.
    case wrongShape
    /// The normal answer, its body sent one byte every `pause`.
    case slowBody(pause: Duration = .milliseconds(100))
    /// Accepts the request and never answers (until the server stops).
    case silent
    /// Reads the request and closes the connection without answering, as a crashed server does.
    case dropConnection
    case redirect(status: Int = 302, location: String)
}

/// The fake's current mode: queued for the next requests, per path, or for the whole server,
/// in that order of precedence, switchable while it runs.
public final class FakeModeSwitch: Sendable {
    private let state: Mutex<(all: FakeUpstreamMode, byPath: [String: FakeUpstreamMode], queued: [FakeUpstreamMode])>

    init(_ mode: FakeUpstreamMode) {
        state = Mutex((mode, [:], []))
    }

    func queue(_ modes: [FakeUpstreamMode]) {
        state.withLock { $0.queued += modes }
    }

    var mode: FakeUpstreamMode {
        get { state.withLock { $0.all } }
        set { state.withLock { $0.all = newValue } }
    }

    func set(_ mode: FakeUpstreamMode?, forPath path: String) {
        state.withLock { $0.byPath[path] = mode }
    }

    func mode(for path: String) -> FakeUpstreamMode {
        state.withLock { state in
            state.queued.isEmpty ? state.byPath[path] ?? state.all : state.queued.removeFirst()
        }
    }

    /// The answer to `request` under the current mode; `normal` is the API's real behaviour.
    func respond(
        to request: RecordedRequest, format: FakeErrorFormat, normal: (RecordedRequest) -> FakeResponse
    ) -> FakeResponse {
        let mode = mode(for: request.path)
        return failure(mode, to: request, format: format) ?? Self.shaped(normal(request), by: mode)
    }

    /// The same for APIs whose normal answer is only known later (a pull with `"stream": false`
    /// answers when the pull has ended).
    func respond(
        to request: RecordedRequest, format: FakeErrorFormat, awaiting normal: (RecordedRequest) async -> FakeResponse
    ) async -> FakeResponse {
        let mode = mode(for: request.path)
        if let failure = failure(mode, to: request, format: format) { return failure }
        return Self.shaped(await normal(request), by: mode)
    }

    /// The answer a failing mode gives instead of the normal one; nil when the normal one is due.
    private func failure(_ mode: FakeUpstreamMode, to request: RecordedRequest, format: FakeErrorFormat) -> FakeResponse? {
        switch mode {
        case .normal, .slowBody:
            return nil
        case .unauthorized:
            return format.error(401, request: request)
        case .forbidden:
            return format.error(403, request: request)
        case .notFound:
            return format.error(404, request: request)
        case .rateLimited(let seconds):
            var response = format.error(429, request: request)
            if let seconds { response.headers.append(("Retry-After", String(seconds))) }
            return response
        case .serverError:
            return format.error(500, request: request)
        case .malformedJSON:
            return .json(200, #"{"object":"list","data":[{"id":"gpt-4o","#)
        case .wrongShape:
            return .json(200, #"{"unexpected":true,"items":"none"}"#)
        case .silent:
            return FakeResponse(status: 200, delayBeforeHead: .seconds(3600))
        case .dropConnection:
            return .droppedConnection
        case .redirect(let status, let location):
            return .redirect(status, to: location)
        }
    }

    /// The normal answer, its body sent one byte at a time under `slowBody`.
    private static func shaped(_ response: FakeResponse, by mode: FakeUpstreamMode) -> FakeResponse {
        guard case .slowBody(let pause) = mode, case .bytes(let bytes) = response.body else { return response }
        var slowed = response
        slowed.body = .chunked(bytes.map { [$0] }, pause: pause)
        return slowed
    }
}
