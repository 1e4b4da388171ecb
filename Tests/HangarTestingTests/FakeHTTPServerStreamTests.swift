import AsyncHTTPClient
import HangarTesting
import NIOCore
import Testing

@Suite struct FakeHTTPServerStreamTests {
    @Test func aStreamIsSentChunkedAndEndsWithTheStream() async throws {
        let parts = ["alpha\n", "beta\n", "gamma\n"]
        try await FakeHTTPServer.withServer { _ in
            FakeResponse(
                status: 200,
                body: .stream(
                    AsyncStream { continuation in
                        for part in parts { continuation.yield(Array(part.utf8)) }
                        continuation.finish()
                    }))
        } _: { server in
            let reply = try await send(.GET, server.baseURL + "/stream")
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "Transfer-Encoding") == "chunked")
            #expect(reply.text == parts.joined())
            let outcome = try #require(await server.outcomes(count: 1).first)
            #expect(outcome.completed && outcome.bodyBytesSent == reply.body.count)
        }
    }

    @Test func aClientLeavingWhileTheStreamWaitsIsRecordedAsNotCompleted() async throws {
        // The stream yields one chunk and then waits forever: only watching the connection can
        // notice the client leaving, since there is no next write to fail.
        try await FakeHTTPServer.withServer { _ in
            FakeResponse(
                status: 200,
                body: .stream(
                    AsyncStream { continuation in
                        continuation.yield(Array(#"{"n":1}"#.utf8) + [0x0A])
                    }))
        } _: { server in
            let (firstLine, sawFirstLine) = AsyncStream<Void>.makeStream()
            let reader = Task {
                try await readLines(server.baseURL + "/stream", json: "{}") { _ in
                    sawFirstLine.yield()
                    return true
                }
            }
            for await _ in firstLine { break }
            reader.cancel()
            _ = try? await reader.value
            let outcome = try #require(await server.outcomes(count: 1).first)
            #expect(!outcome.completed)
        }
    }

    @Test func aHeadAnswerHasTheHeadersOfItsBodyButNoBody() async throws {
        try await FakeHTTPServer.withServer { _ in
            .json(200, #"{"ok":true}"#)
        } _: { server in
            let head = try await send(.HEAD, server.baseURL + "/x")
            #expect(head.headers.first(name: "Content-Length") == "11")
            #expect(head.body.isEmpty)
            // The connection is still usable: no stray body bytes were read as the next answer.
            let get = try await send(.GET, server.baseURL + "/x")
            #expect(get.text == #"{"ok":true}"#)
        }
    }
}
