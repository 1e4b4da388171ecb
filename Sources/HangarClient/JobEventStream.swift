import AsyncHTTPClient
import Foundation
import HangarCore
import NIOCore

/// Reads `GET /api/jobs/{id}/events` (server-sent events) for the CLI's progress bar.
public enum JobEventStream {
    public struct Update: Sendable {
        /// `progress`, `status`, `done` or `error`.
        public let event: String
        public let job: Job
    }

    /// Calls `onUpdate` for every event until the job ends (the server closes the stream then).
    public static func follow(
        url: String, token: String?, jobID: String, onUpdate: @Sendable (Update) async throws -> Void
    ) async throws {
        guard let base = URL(string: url), base.scheme != nil else { throw ConnectionFailure(url: url, reason: "not a URL") }
        let encoded = jobID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? jobID
        var request = HTTPClientRequest(url: base.appendingPathComponent("api/jobs/\(encoded)/events").absoluteString)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .hours(24 * 365))
        } catch {
            throw ConnectionFailure(url: url, reason: String(describing: error).prefix(120).description)
        }
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 64 * 1024)
            throw FailureMiddleware.failure(status: Int(response.status.code), body: Data(body.readableBytesView))
        }
        var parser = EventParser()
        for try await buffer in response.body {
            for event in parser.feed(String(buffer: buffer)) {
                guard let data = event.data.data(using: .utf8),
                    let job = try? JSONDecoder().decode(Job.self, from: data)
                else { continue }
                try await onUpdate(Update(event: event.name, job: job))
            }
        }
    }
}

/// The text/event-stream format: `field: value` lines, events separated by a blank line,
/// comment lines starting with `:` (heartbeats) ignored.
struct EventParser {
    struct Event {
        var name = "message"
        var data = ""
    }

    private var pending = ""
    private var current = Event()
    private var hasData = false

    mutating func feed(_ text: String) -> [Event] {
        pending += text
        var events: [Event] = []
        while let newline = pending.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            if line.isEmpty {
                if hasData { events.append(current) }
                current = Event()
                hasData = false
                continue
            }
            if line.hasPrefix(":") { continue }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let field = String(parts[0])
            var value = parts.count > 1 ? String(parts[1]) : ""
            if value.hasPrefix(" ") { value.removeFirst() }
            switch field {
            case "event": current.name = value
            case "data":
                current.data += hasData ? "\n" + value : value
                hasData = true
            default: break
            }
        }
        return events
    }
}
