import Foundation
import HTTPTypes
import HangarTesting
import NIOCore
import Storage
import Testing

@testable import HTTPAPI

/// gzip over real HTTP: the web UI's files (compressed once per version) and the API's JSON,
/// only when the client asks, and never on an event stream.
@Suite(.timeLimit(.minutes(2))) struct CompressionAPITests {
    static let gzip: HTTPFields = [.acceptEncoding: "gzip, deflate, br"]
    /// Large enough to be worth compressing, and very compressible.
    static let script = String(repeating: "export const greeting = 'bonjour';\n", count: 300)

    static func withLiveWebApp(_ body: @escaping @Sendable (API) async throws -> Void) async throws {
        var configuration = TestServer.configuration(try await TestDatabases.makeLocation(.sqlite))
        let web = try WebUIServingTests.makeWebDirectory()
        try Data(script.utf8).write(to: URL(fileURLWithPath: web).appendingPathComponent("big.js"))
        configuration.webDirectory = web
        let _: Void = try await TestServer.withApp(configuration, .live) { api in try await body(api) }
    }

    /// gzip's own command, so the check does not trust the code it checks.
    static func gunzip(_ data: Data) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-gzip-\(UUID().uuidString).gz")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw JSON.Failure(description: "gzip -dc failed") }
        return bytes
    }

    @Test func staticFilesAreGzippedOnlyWhenAskedAndKeepTheirOwnValidator() async throws {
        try await Self.withLiveWebApp { api in
            let plain = try await api.send(.get, "/big.js", token: nil)
            #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil)
            #expect(plain.text == Self.script)
            #expect(plain.headers[.vary] == "Accept-Encoding")

            let zipped = try await api.send(.get, "/big.js", token: nil, headers: Self.gzip)
            #expect(zipped.status == .ok && zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.body.count < Self.script.utf8.count / 10)
            #expect(zipped.headers[.contentLength] == String(zipped.body.count))
            #expect(try Self.gunzip(zipped.body) == Data(Self.script.utf8))
            let tag = try #require(zipped.headers[.eTag])
            #expect(tag != plain.headers[.eTag], "each variant has its own validator")

            let again = try await api.send(.get, "/big.js", token: nil, headers: Self.gzip)
            #expect(again.body == zipped.body && again.headers[.eTag] == tag)
            var revalidate = Self.gzip
            revalidate[.ifNoneMatch] = tag
            let unchanged = try await api.send(.get, "/big.js", token: nil, headers: revalidate)
            #expect(unchanged.status == .notModified && unchanged.headers[.contentEncoding] == "gzip")
            // The identity validator does not stand for the gzip bytes, nor the other way round.
            revalidate[.ifNoneMatch] = plain.headers[.eTag]
            #expect(try await api.send(.get, "/big.js", token: nil, headers: revalidate).status == .ok)
            let identityWithGzipTag = try await api.send(.get, "/big.js", token: nil, headers: [.ifNoneMatch: tag])
            #expect(identityWithGzipTag.status == .ok && identityWithGzipTag.text == Self.script)

            let head = try await api.send(.head, "/big.js", token: nil, headers: Self.gzip)
            #expect(head.status == .ok && head.body.isEmpty)
            #expect(head.headers[.contentEncoding] == "gzip" && head.headers[.contentLength] == String(zipped.body.count))

            let refused = try await api.send(.get, "/big.js", token: nil, headers: [.acceptEncoding: "gzip;q=0, *"])
            #expect(refused.headers[.contentEncoding] == nil && refused.text == Self.script)
        }
    }

    @Test func aStaticFileIsMinifiedAndCompressedOncePerVersion() throws {
        let cache = StaticAssetCache()
        let original = Array("// why\n    const a = 1;\n".utf8)
        var reads = 0
        let read = {
            reads += 1
            return original
        }
        let first = try #require(cache.asset(path: "/a.js", source: "1", contentType: "text/javascript", read: read))
        let second = try #require(cache.asset(path: "/a.js", source: "1", contentType: "text/javascript", read: read))
        #expect(reads == 1 && first.tag == second.tag)
        #expect(String(buffer: first.plain) == "const a = 1;\n")
        let third = try #require(cache.asset(path: "/a.js", source: "2", contentType: "text/javascript", read: read))
        #expect(reads == 2, "a new version is read again")
        #expect(third.tag == first.tag, "the same bytes keep their validator")
    }

    @Test func largeJSONIsGzippedWhenAskedAndSmallJSONIsNot() async throws {
        try await Self.withLiveWebApp { api in
            let plain = try await api.get("/api/models?limit=100")
            #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil)
            #expect(plain.body.count > JSONCompressionMiddleware<HangarRequestContext>.minimumSize)
            #expect(plain.headers[.vary] == "Accept-Encoding")

            let zipped = try await api.send(.get, "/api/models?limit=100", headers: Self.gzip)
            #expect(zipped.status == .ok && zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(zipped.body.count < plain.body.count / 3)
            #expect(try Self.gunzip(zipped.body) == plain.body)

            let contract = try await api.send(.get, "/openapi.json", token: nil, headers: Self.gzip)
            #expect(contract.headers[.contentEncoding] == "gzip")

            let small = try await api.send(.get, "/api/models?limit=1", headers: Self.gzip)
            #expect(small.status == .ok && small.headers[.contentEncoding] == nil)
            #expect(small.body.count < JSONCompressionMiddleware<HangarRequestContext>.minimumSize)
        }
    }

    @Test func eventStreamsAreNeverCompressedNorHeldBack() async throws {
        try await Self.withLiveWebApp { api in
            let changed = try await api.patch("/api/models/mistral-mistral-large-latest", ["temperature_default": 0.3])
            #expect(changed.status == .ok, "\(changed)")
            let connection = try await RawConnection.open(port: try #require(api.client.port))
            try await connection.send(
                "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.token)\r\n"
                    + "Accept: text/event-stream\r\nAccept-Encoding: gzip\r\nLast-Event-ID: 0\r\n\r\n")
            // The stream stays open: had anything waited for its end to compress it, nothing
            // would arrive.
            let received = try await connection.receive(until: "event: model")
            await connection.close()
            let head = received.components(separatedBy: "\r\n\r\n")[0].lowercased()
            #expect(head.contains("content-type: text/event-stream"))
            #expect(!head.contains("content-encoding"), "\(head)")
        }
    }
}
