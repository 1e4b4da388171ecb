import Foundation
import HangarTesting
import Storage
import Testing

/// Sockets that send nothing, half a request, or sit idle after a response are closed by the
/// server; an event stream that outlives both timeouts is not.
@Suite struct ConnectionTimeoutTests {
    /// A header timeout of 1 s and an idle timeout of 5 s, so each is told apart from the other
    /// even when the parallel suite delays this test's reads by a second or two.
    static func withServer(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var configuration = TestServer.configuration(try await TestDatabases.makeLocation(.sqlite))
        configuration.headerTimeoutSeconds = 1
        configuration.idleTimeoutSeconds = 5
        try await TestServer.withLiveServer(configuration, body)
    }

    /// How long until the server closes `connection`, measured from `start`.
    static func closeTime(_ connection: RawConnection, since start: ContinuousClock.Instant) async -> Duration? {
        await connection.closedByServer(within: .seconds(12)) ? ContinuousClock.now - start : nil
    }

    @Test func silentAndHalfSentRequestsAreClosedAtTheHeaderTimeout() async throws {
        try await Self.withServer { port in
            let start = ContinuousClock.now
            let silent = try await RawConnection.open(port: port)
            let half = try await RawConnection.open(port: port)
            try await half.send("GET /hea")
            let headersOnly = try await RawConnection.open(port: port)
            try await headersOnly.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for connection in [silent, half, headersOnly] {
                let closed = try #require(await Self.closeTime(connection, since: start), "still open after 12 s")
                #expect(closed >= .milliseconds(900) && closed < .seconds(4), "\(closed)")
                #expect(!connection.received.contains("200 OK"))
            }
        }
    }

    @Test func aKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await Self.withServer { port in
            let connection = try await RawConnection.open(port: port)
            // Before the request, so before the answer that starts the idle wait.
            let sent = ContinuousClock.now
            try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            try await connection.receive(until: "\"status\"")
            let closed = try #require(await Self.closeTime(connection, since: sent))
            // The idle timeout (5 s) applies between requests, not the header timeout (1 s).
            #expect(closed >= .milliseconds(4_900) && closed < .seconds(9), "\(closed)")
        }
    }

    @Test func theNextRequestGetsTheHeaderTimeoutFromItsFirstByte() async throws {
        try await Self.withServer { port in
            let connection = try await RawConnection.open(port: port)
            try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            try await connection.receive(until: "\"status\"")
            // Before the first byte reaches the server, which starts the header timeout.
            let started = ContinuousClock.now
            try await connection.send("GET /health HT")
            let closed = try #require(await Self.closeTime(connection, since: started))
            // The idle timeout would close it 5 s after the answer, which came before `started`.
            #expect(closed >= .milliseconds(900) && closed < .milliseconds(4_500), "\(closed)")
        }
    }

    @Test func anEventStreamOutlivesBothTimeouts() async throws {
        try await Self.withServer { port in
            let stream = try await RawConnection.open(port: port)
            try await stream.send("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.token)\r\n\r\n")
            try await stream.receive(until: "retry: 2000")
            // Longer than the header and the idle timeouts together, with nothing sent either way.
            #expect(await !stream.closedByServer(within: .milliseconds(6_500)))
            let writer = try await RawConnection.open(port: port)
            let body = #"{"provider_id":"openai","name":"Late","api_name":"late"}"#
            try await writer.send(
                "POST /api/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
            try await writer.receive(until: "201 Created")
            try await stream.receive(until: "\"name\":\"Late\"")
            #expect(stream.isOpen)
            await stream.close()
        }
    }
}
