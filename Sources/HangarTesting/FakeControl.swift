import Foundation
import Synchronization

/// The control side of a fake run as a process (`hangar-fakes`): what a test outside Swift
/// needs to seed and steer it, under a prefix no real upstream uses, so the fake's own routes
/// keep the real wire format. Every control answer is JSON.
enum FakeControl {
    static let prefix = "/_fake/"

    static func isControl(_ request: RecordedRequest) -> Bool {
        request.path.hasPrefix(prefix)
    }

    /// The path after the prefix: `reset`, `hub/files`…
    static func route(_ request: RecordedRequest) -> String {
        String(request.path.dropFirst(prefix.count))
    }

    /// The request's JSON object; an empty body is an empty object.
    static func body(_ request: RecordedRequest) -> [String: Any]? {
        if request.body.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
    }

    static func answer(_ status: Int, _ object: Any) -> FakeResponse {
        .json(status, object: object)
    }

    static func refused(_ message: String, status: Int = 400) -> FakeResponse {
        answer(status, ["error": message])
    }

    static var done: FakeResponse { answer(200, ["ok": true]) }

    /// `CLOCK_MONOTONIC` in nanoseconds: one clock for every process of the machine.
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    static func int(_ value: Any?) -> Int? {
        (value as? NSNumber)?.intValue
    }

    /// A request as `GET /_fake/requests` lists it: method, path, query, headers by lower-case
    /// name, and the body (parsed when it is JSON, else text).
    static func describe(_ request: RecordedRequest, index: Int) -> [String: Any] {
        var headers: [String: String] = [:]
        for header in request.headers { headers[header.name.lowercased()] = header.value }
        var entry: [String: Any] = [
            "index": index, "method": request.method, "path": request.path, "uri": request.uri, "headers": headers,
        ]
        if !request.body.isEmpty {
            entry["body"] =
                (try? JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed]))
                ?? String(decoding: request.body, as: UTF8.self)
        }
        return entry
    }
}

/// The requests a process fake received (control ones excepted), clearable by a reset, and a
/// delay before every answer, for the tests that watch a spinner.
final class FakeControlLog: Sendable {
    private let state = Mutex((requests: [RecordedRequest](), delay: Duration?.none))

    func record(_ request: RecordedRequest) {
        state.withLock { $0.requests.append(request) }
    }

    var delay: Duration? {
        get { state.withLock { $0.delay } }
        set { state.withLock { $0.delay = newValue } }
    }

    func reset() {
        state.withLock { $0 = ([], nil) }
    }

    /// `GET /_fake/requests`, `POST /_fake/delay {"ms": N}` and `POST /_fake/reset` (through
    /// `reset`, which resets the fake itself too); nil for the other control routes.
    func answer(_ request: RecordedRequest, reset: () -> Void) -> FakeResponse? {
        switch (request.method, FakeControl.route(request)) {
        case ("GET", "requests"):
            let requests = state.withLock { $0.requests }
            return FakeControl.answer(200, requests.enumerated().map { FakeControl.describe($0.element, index: $0.offset) })
        case ("POST", "delay"):
            let milliseconds = FakeControl.body(request).flatMap { FakeControl.int($0["ms"]) } ?? 0
            delay = milliseconds > 0 ? .milliseconds(milliseconds) : nil
            return FakeControl.done
        case ("POST", "reset"):
            self.reset()
            reset()
            return FakeControl.done
        default:
            return nil
        }
    }

    /// The fake's answer, delayed as set.
    func delayed(_ response: FakeResponse) -> FakeResponse {
        guard let delay else { return response }
        var delayed = response
        delayed.delayBeforeHead = max(response.delayBeforeHead ?? .zero, delay)
        return delayed
    }
}
