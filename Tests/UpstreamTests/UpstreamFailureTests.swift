import HangarTesting
import Testing
import Upstream

@Suite struct UpstreamFailureTests {
    @Test func anUnknownHostNameIsADNSErrorAndFailsFast() async throws {
        let started = ContinuousClock.now
        let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: "http://hangar-test.invalid:8080/v1/models"))
        #expect(error == .dns(host: "hangar-test.invalid"))
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    @Test func aClosedPortIsRefused() async throws {
        try await withClosedPort { port in
            let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: "http://127.0.0.1:\(port)/"))
            #expect(error == .refused(host: "127.0.0.1:\(port)"))
        }
    }

    @Test func httpsToAPlainHTTPServerIsATLSError() async throws {
        try await FakeHTTPServer.withServer(handler: echo) { plain in
            let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: "https://127.0.0.1:\(plain.port)/"))
            #expect(error == .tls("the server does not speak TLS on this port"))
        }
    }

    @Test func anUntrustedCertificateIsATLSError() async throws {
        try await FakeHTTPServer.withServer(tls: true, handler: echo) { secure in
            let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: secure.baseURL + "/"))
            #expect(error == .tls("the server's certificate is not trusted"))
        }
    }

    @Test func aBodyThatTricklesPastTheDeadlineTimesOut() async throws {
        try await FakeHTTPServer.withServer(handler: { _ in .slowBody(String(repeating: "x", count: 600), pause: .milliseconds(100)) }) {
            server in
            let started = ContinuousClock.now
            let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: server.baseURL + "/"), timeout: .seconds(1))
            let elapsed = ContinuousClock.now - started

            #expect(error == .timeout)
            // The body would take a minute; the bound is loose because a loaded machine is slow.
            #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(20))
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        try await FakeHTTPServer.withServer(handler: { _ in FakeResponse(status: 200, delayBeforeHead: .seconds(3600)) }) { server in
            let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: server.baseURL + "/"), timeout: .seconds(1))
            #expect(error == .timeout)
        }
    }

    @Test func silenceLongerThanTheReadTimeoutTimesOut() async throws {
        try await withClient(.init(readTimeout: .milliseconds(300))) { client in
            try await FakeHTTPServer.withServer(handler: { _ in FakeResponse(status: 200, delayBeforeHead: .seconds(3600)) }) { server in
                let started = ContinuousClock.now
                let error = await sendError(client, UpstreamRequest(url: server.baseURL + "/"), timeout: .seconds(10))
                #expect(error == .timeout)
                #expect(ContinuousClock.now - started < .seconds(8))
            }
        }
    }

    @Test func aDeclaredLengthOverTheCapFailsBeforeReadingTheBody() async throws {
        // Reading the 1 KiB that is sent would end in a cut-off body (a connection error), so
        // `bodyTooLarge` shows the client decided from the header alone.
        let response = FakeResponse(status: 200, body: .cut(declaredLength: 16 << 20, sent: [UInt8](repeating: 0x61, count: 1024)))
        try await FakeHTTPServer.withServer(handler: { _ in response }) { server in
            try await withClient(.init(maxBodyBytes: 64 << 10)) { client in
                let error = await sendError(client, UpstreamRequest(url: server.baseURL + "/"))
                #expect(error == .bodyTooLarge(limit: 64 << 10))
            }
        }
    }

    @Test func aStreamedBodyIsAbandonedAsSoonAsItPassesTheCap() async throws {
        // Paced so that the server is still sending when the client gives up; without the pause,
        // socket buffers on loopback can swallow the whole body before the client closes.
        let chunks = [[UInt8]](repeating: [UInt8](repeating: 0x61, count: 16 << 10), count: 128)
        let response = FakeResponse(status: 200, body: .chunked(chunks, pause: .milliseconds(5)))
        try await FakeHTTPServer.withServer(handler: { _ in response }) { server in
            let request = UpstreamRequest(url: server.baseURL + "/", maxBodyBytes: 64 << 10)
            let error = await sendError(UpstreamClient.shared, request)
            #expect(error == .bodyTooLarge(limit: 64 << 10))
            let outcome = try #require(await server.outcomes(count: 1).first)
            #expect(!outcome.completed)
            #expect(outcome.bodyBytesSent < 1 << 20)
        }
    }

    @Test func aBodyCutShortIsAConnectionError() async throws {
        try await FakeHTTPServer.withServer(handler: { _ in
            FakeResponse(status: 200, body: .cut(declaredLength: 1000, sent: Array("{\"data\":".utf8)))
        }) { server in
            let error = await sendError(UpstreamClient.shared, UpstreamRequest(url: server.baseURL + "/"))
            guard case .connection = error else {
                Issue.record("expected a connection error, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func notAnHTTPURLIsInvalid() async {
        #expect(await sendError(UpstreamClient.shared, UpstreamRequest(url: "ftp://example.com/")) == .invalidURL("ftp://example.com/"))
        #expect(await sendError(UpstreamClient.shared, UpstreamRequest(url: "not a url")) == .invalidURL("(invalid URL)"))
    }

    @Test func answersCarryStatusHeadersAndBody() async throws {
        try await FakeHTTPServer.withServer(handler: { request in
            .json(429, #"{"error":"slow down"}"#, headers: [("Retry-After", "7")])
        }) { server in
            let response = try await UpstreamClient.shared.send(
                UpstreamRequest(method: .post, url: server.baseURL + "/x?y=1", body: [1, 2, 3]), timeout: .seconds(30))
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "7")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":"slow down"}"#)
            #expect(server.requests.first?.body == [1, 2, 3])
            #expect(server.requests.first?.uri == "/x?y=1")
        }
    }
}
