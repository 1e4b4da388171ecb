import AsyncHTTPClient
import Foundation
import NIOCore

/// A file sent as a request's body, read from disk piece by piece as the connection takes it:
/// memory stays at one piece whatever the file's size.
public struct UpstreamUpload: Sendable {
    public var path: String
    public var size: Int64
    /// Called after each piece is handed to the connection, with the bytes sent so far.
    public var onProgress: @Sendable (Int64) async -> Void

    public init(path: String, size: Int64, onProgress: @escaping @Sendable (Int64) async -> Void = { _ in }) {
        self.path = path
        self.size = size
        self.onProgress = onProgress
    }

    /// Large enough that a gigabyte is a thousand reads, small enough to stay out of the RSS.
    static let pieceSize = 1 << 20
}

extension UpstreamClient {
    /// Sends `request` with `upload` as its body and reads the answer (under `request`'s body
    /// cap). A redirect is not followed: the body cannot be sent twice. `timeout` bounds the
    /// whole exchange, so give it room for the file at the slowest rate expected.
    public func send(_ request: UpstreamRequest, upload: UpstreamUpload, timeout: Duration) async throws(UpstreamError) -> UpstreamResponse
    {
        let url = try UpstreamURL(request.url)
        do {
            let hop = RedirectPolicy.Hop(url: url, method: request.method, body: nil, headers: request.headers, redirects: 0)
            var outgoing = makeRequest(hop)
            outgoing.body = .stream(FilePieces(upload: upload), length: .known(upload.size))
            let response = try await http.execute(outgoing, deadline: NIODeadline(.now + timeout))
            let headers = UpstreamHeaders(response.headers.map { .init(name: $0.name, value: $0.value) })
            let body = try await Self.collect(response, limit: request.maxBodyBytes ?? configuration.maxBodyBytes)
            return UpstreamResponse(status: Int(response.status.code), headers: headers, body: body, finalURL: url.display)
        } catch {
            throw UpstreamError(classifying: error, target: url)
        }
    }
}

/// The file's pieces, in order; a file shorter than announced ends the body early, which
/// AsyncHTTPClient reports as an error rather than sending a short request.
struct FilePieces: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let upload: UpstreamUpload

    struct AsyncIterator: AsyncIteratorProtocol {
        let upload: UpstreamUpload
        var handle: FileHandle?
        var sent: Int64 = 0
        var opened = false

        mutating func next() async throws -> ByteBuffer? {
            if !opened {
                opened = true
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: upload.path))
            }
            guard let handle, sent < upload.size else {
                try handle?.close()
                return nil
            }
            let wanted = Int(Swift.min(Int64(UpstreamUpload.pieceSize), upload.size - sent))
            guard let data = try handle.read(upToCount: wanted), !data.isEmpty else {
                try handle.close()
                return nil
            }
            sent += Int64(data.count)
            await upload.onProgress(sent)
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upload: upload) }
}
