import Foundation

/// An answer a fake server gives, down to how its body travels on the wire.
public struct FakeResponse: Sendable {
    public enum Body: Sendable {
        case none
        /// Sent at once with a `Content-Length`.
        case bytes([UInt8])
        /// `Transfer-Encoding: chunked`, waiting `pause` before each chunk after the first.
        case chunked([[UInt8]], pause: Duration = .zero)
        /// Promises `declaredLength` bytes, sends `sent`, then closes the connection.
        case cut(declaredLength: Int, sent: [UInt8])
        /// `Transfer-Encoding: chunked`, each element written and flushed as it arrives; the
        /// answer ends when the stream finishes. A client that goes away ends it at once, even
        /// while the stream is waiting for its next element: the stream's consumer is cancelled,
        /// so a producer should wait in cancellable ways (`Task.sleep`, `AsyncStream`).
        case stream(AsyncStream<[UInt8]>)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body
    /// Waits this long before sending anything, for clients that must give up on a silent server.
    public var delayBeforeHead: Duration?
    /// Closes the connection without any answer, as a crashed server or a dropping proxy does.
    public var dropsConnection = false
    /// Told how the answer ended (in full, or cut short by the client), for fakes that keep
    /// their own account of a stream, such as the lines of a pull that reached the client.
    public var onFinish: (@Sendable (ResponseOutcome) -> Void)?

    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: Body = .none,
        delayBeforeHead: Duration? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delayBeforeHead = delayBeforeHead
    }

    public static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> FakeResponse {
        FakeResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
            body: .bytes(Array(text.utf8)))
    }

    /// Serialises a JSON-compatible value (dictionaries, arrays, strings, numbers, `NSNull()`).
    public static func json(_ status: Int, object: Any, headers: [(name: String, value: String)] = []) -> FakeResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return json(status, String(decoding: data, as: UTF8.self), headers: headers)
    }

    /// Closes the connection as soon as the request is read, without a status line.
    public static var droppedConnection: FakeResponse {
        var response = FakeResponse(status: 0)
        response.dropsConnection = true
        return response
    }

    public static func redirect(_ status: Int = 302, to location: String) -> FakeResponse {
        FakeResponse(status: status, headers: [("Location", location)], body: .none)
    }

    /// Headers at once, then `text` one byte every `pause`: a body that outlasts any short timeout.
    public static func slowBody(_ text: String, pause: Duration) -> FakeResponse {
        FakeResponse(
            status: 200, headers: [("Content-Type", "application/json")],
            body: .chunked(text.utf8.map { [$0] }, pause: pause))
    }
}
