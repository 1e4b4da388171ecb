import AsyncHTTPClient
import Foundation
import HangarTesting
import NIOCore
import NIOHTTP1

/// One answer read in full.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] { try JSON.object(Data(body)) }

    /// The NDJSON lines, each parsed.
    func lines() throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSON.object(Data($0.utf8)) }
    }
}

func send(_ method: HTTPMethod, _ url: String, json: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 16 << 20)
    return Reply(status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
}

/// Reads an NDJSON answer line by line, handing each parsed line to `onLine` until it returns
/// false (then the connection is dropped) or the answer ends.
func readLines(
    _ url: String, json: String, onLine: @Sendable ([String: Any]) async throws -> Bool
) async throws -> (status: Int, contentType: String?) {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: json))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    var pending = ""
    reading: for try await buffer in response.body {
        pending += String(buffer: buffer)
        while let newline = pending.firstIndex(of: "\n") {
            let line = String(pending[..<newline])
            pending = String(pending[pending.index(after: newline)...])
            if try await !onLine(try JSON.object(Data(line.utf8))) { break reading }
        }
    }
    return (Int(response.status.code), response.headers.first(name: "Content-Type"))
}

extension Reply {
    /// The `data:` of each server-sent event, in order (`[DONE]` included).
    var events: [String] {
        text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { $0.hasPrefix("data: ") ? String($0.dropFirst(6)) : $0 }
    }

    /// The events' JSON objects, `[DONE]` left out.
    func chunks() throws -> [[String: Any]] {
        try events.filter { $0 != "[DONE]" }.map { try JSON.object(Data($0.utf8)) }
    }
}

/// Reads a server-sent event answer event by event, handing each `data:` to `onEvent` until it
/// returns false (then the connection is dropped) or the answer ends.
func readEvents(
    _ url: String, json: String, headers: [(String, String)] = [], onEvent: @Sendable (String) async throws -> Bool
) async throws -> Int {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: json))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    var pending = ""
    reading: for try await buffer in response.body {
        pending += String(buffer: buffer)
        while let end = pending.range(of: "\n\n") {
            let event = String(pending[..<end.lowerBound])
            pending = String(pending[end.upperBound...])
            if try await !onEvent(String(event.dropFirst("data: ".count))) { break reading }
        }
    }
    return Int(response.status.code)
}
