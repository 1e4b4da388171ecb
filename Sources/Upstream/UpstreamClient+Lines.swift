import AsyncHTTPClient
import NIOCore

extension UpstreamClient {
    /// Sends `request` and hands each line of a 2xx answer's body to `onLine` as it arrives
    /// (NDJSON streams such as Ollama's pull). Any other answer is returned with its body
    /// (under the size cap) and `onLine` is never called; a 2xx answer is returned with an
    /// empty body once the stream ends. Redirects are not followed: the streaming APIs Hangar
    /// reads never redirect, and a stream must not be replayed elsewhere.
    ///
    /// `headTimeout` bounds connecting and waiting for the head; after that only silence
    /// counts, through the client's `readTimeout`. A line longer than `maxLineBytes` ends the
    /// stream with `bodyTooLarge`, so a broken upstream cannot make Hangar buffer without end.
    /// Cancelling the calling task closes the connection, which is how a pull is stopped.
    public func streamLines(
        _ request: UpstreamRequest, headTimeout: Duration, maxLineBytes: Int = 64 * 1024,
        onLine: ([UInt8]) async throws -> Void
    ) async throws -> UpstreamResponse {
        let url = try UpstreamURL(request.url)
        let response: HTTPClientResponse
        do {
            let hop = RedirectPolicy.Hop(
                url: url, method: request.method, body: request.body, headers: request.headers, redirects: 0)
            response = try await http.execute(makeRequest(hop), deadline: NIODeadline(.now + headTimeout))
        } catch {
            throw UpstreamError(classifying: error, target: url)
        }
        let status = Int(response.status.code)
        let headers = UpstreamHeaders(response.headers.map { .init(name: $0.name, value: $0.value) })
        guard (200..<300).contains(status) else {
            let limit = request.maxBodyBytes ?? configuration.maxBodyBytes
            let body: [UInt8]
            do {
                body = try await Self.collect(response, limit: limit)
            } catch {
                throw UpstreamError(classifying: error, target: url)
            }
            return UpstreamResponse(status: status, headers: headers, body: body, finalURL: url.display)
        }
        var pending: [UInt8] = []
        do {
            for try await chunk in response.body {
                var start = pending.count
                pending.append(contentsOf: chunk.readableBytesView)
                var lineStart = 0
                while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(pending[lineStart..<newline])
                    lineStart = newline + 1
                    start = lineStart
                    if !Self.isBlank(line) { try await Self.deliver(line, to: onLine) }
                }
                pending.removeFirst(lineStart)
                guard pending.count <= maxLineBytes else { throw UpstreamError.bodyTooLarge(limit: maxLineBytes) }
            }
        } catch let error as HandlerError {
            throw error.wrapped
        } catch {
            throw UpstreamError(classifying: error, target: url)
        }
        if !Self.isBlank(pending) { try await onLine(pending) }
        return UpstreamResponse(status: status, headers: headers, body: [], finalURL: url.display)
    }

    /// Tells the handler's own errors apart from the transport's, which get classified.
    private struct HandlerError: Error {
        let wrapped: any Error
    }

    private static func deliver(_ line: [UInt8], to onLine: ([UInt8]) async throws -> Void) async throws {
        do {
            try await onLine(line)
        } catch {
            throw HandlerError(wrapped: error)
        }
    }

    private static func isBlank(_ line: [UInt8]) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
    }
}
