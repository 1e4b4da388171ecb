import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// JSON and server-sent events over real HTTP to a running Hangar, with an admin token: for
/// tests that need a live socket (streams, several servers, `kill -9`).
public struct LiveHTTP: Sendable {
    public let url: String
    public let token: String

    public init(url: String, token: String) {
        self.url = url
        self.token = token
    }

    public struct Answer: Sendable, CustomStringConvertible {
        public let status: Int
        public let body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
        public var description: String { "HTTP \(status): \(text.prefix(1500))" }

        public func json() throws -> [String: Any] {
            guard let object = try JSON.parse(body) as? [String: Any] else {
                throw TestSetupError(description: "not a JSON object: \(text.prefix(500))")
            }
            return object
        }
    }

    public struct Event: Sendable {
        public let id: String?
        public let name: String
        public let data: String

        public func json() throws -> [String: Any] {
            guard let object = try JSON.parse(Data(data.utf8)) as? [String: Any] else {
                throw TestSetupError(description: "event data is not a JSON object: \(data.prefix(500))")
            }
            return object
        }
    }

    public func send(_ method: HTTPMethod, _ path: String, json: String? = nil, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 8 << 20)
        return Answer(status: Int(response.status.code), body: Data(body.readableBytesView))
    }

    /// Reads `path` as server-sent events, handing each one to `onEvent` until it returns false
    /// or the server ends the stream. Heartbeat comments are skipped.
    public func events(
        _ path: String, lastEventID: String? = nil, onEvent: @Sendable (Event) async throws -> Bool
    ) async throws {
        var request = HTTPClientRequest(url: url + path)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 20)
            throw TestSetupError(description: "\(path) answered \(response.status): \(String(buffer: body))")
        }
        var pending = ""
        for try await buffer in response.body {
            pending += String(buffer: buffer)
            while let end = pending.range(of: "\n\n") {
                let block = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                var id: String?
                var name = "message"
                var data: String?
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
                }
                guard let data else { continue }
                if try await !onEvent(Event(id: id, name: name, data: data)) { return }
            }
        }
    }
}
