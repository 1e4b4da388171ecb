import AsyncHTTPClient
import NIOCore

/// An answer whose head has arrived and whose body is read as it comes: the gateway relays
/// each piece on at once instead of waiting for the whole.
public struct UpstreamStream: Sendable {
    public let status: Int
    public let headers: UpstreamHeaders
    let body: HTTPClientResponse.Body
    let url: UpstreamURL
    let maxBodyBytes: Int

    /// The body's pieces as they arrive. Transport failures are `UpstreamError`s. Stopping the
    /// iteration (or cancelling the task) closes the upstream connection.
    public func pieces() -> AsyncThrowingMapSequence<HTTPClientResponse.Body, ByteBuffer> {
        body.map { $0 }
    }

    /// Reads the whole body under the size cap, for answers that are not relayed piece by piece.
    public func collect() async throws(UpstreamError) -> [UInt8] {
        do {
            return try await UpstreamClient.collect(body, limit: maxBodyBytes)
        } catch {
            throw UpstreamError(classifying: error, target: url)
        }
    }

    /// Names a failure met while reading `pieces()`.
    public func classify(_ error: any Error) -> UpstreamError {
        UpstreamError(classifying: error, target: url)
    }
}

extension UpstreamClient {
    /// Sends `request` and returns once the answer's head has arrived (within `headTimeout`),
    /// leaving the body to read. Redirects are not followed: an API that streams never
    /// redirects, and a request must not be replayed elsewhere.
    public func open(_ request: UpstreamRequest, headTimeout: Duration) async throws(UpstreamError) -> UpstreamStream {
        let url = try UpstreamURL(request.url)
        do {
            let hop = RedirectPolicy.Hop(url: url, method: request.method, body: request.body, headers: request.headers, redirects: 0)
            let response = try await http.execute(makeRequest(hop), deadline: NIODeadline(.now + headTimeout))
            return UpstreamStream(
                status: Int(response.status.code),
                headers: UpstreamHeaders(response.headers.map { .init(name: $0.name, value: $0.value) }), body: response.body,
                url: url, maxBodyBytes: request.maxBodyBytes ?? configuration.maxBodyBytes)
        } catch {
            throw UpstreamError(classifying: error, target: url)
        }
    }
}
