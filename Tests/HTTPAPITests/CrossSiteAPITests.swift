import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// A change that the session cookie authenticates must come from Hangar's own pages; and
/// wrong admin tokens at sign-in are throttled per client address.
@Suite struct CrossSiteAPITests {
    typealias Sessions = SessionAPITests

    static func headers(_ cookie: String, _ extra: [HTTPField.Name: String]) -> HTTPFields {
        var fields: HTTPFields = [.cookie: cookie]
        for (name, value) in extra { fields[name] = value }
        return fields
    }

    @Test(arguments: TestDatabases.engines)
    func cookieWritesFromElsewhereAreRefused(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let cookie = try await Sessions.signIn(api)
            let model: [String: Any] = ["provider_id": "openai", "name": "Planted", "api_name": "planted"]
            let refused: [[HTTPField.Name: String]] = [
                [:],  // neither header: an old browser, or not a browser at all
                [.origin: "http://evil.example"],
                [.origin: "null"],
                [.origin: "http://localhost:3000"],  // same site, another app
                [.origin: "https://localhost"],
                [.origin: "http://localhost.evil.example"],
                [SameOrigin.secFetchSite: "same-site"],
                [SameOrigin.secFetchSite: "cross-site"],
                [.origin: "http://evil.example", SameOrigin.secFetchSite: "same-origin"],  // Origin decides when present
            ]
            for extra in refused {
                let reply = try await api.send(.post, "/api/models", json: model, token: nil, headers: Self.headers(cookie, extra))
                expectError(reply, .forbidden, code: "cross_site_request")
            }
            // The body-less form post that started a download or set a default before.
            let local = "local-qwen3-0.6b-q4_0"
            let form = Self.headers(cookie, [.origin: "http://127.0.0.1:9000", .contentType: "application/x-www-form-urlencoded"])
            expectError(
                try await api.send(.post, "/api/models/\(local)/download", token: nil, headers: form), .forbidden,
                code: "cross_site_request")
            expectError(
                try await api.send(.post, "/api/models/mistral-codestral-latest/set-default", token: nil, headers: form), .forbidden,
                code: "cross_site_request")
            expectError(
                try await api.send(.delete, "/api/models/\(local)", token: nil, headers: form), .forbidden, code: "cross_site_request")
            #expect(try await api.get("/api/jobs").items.isEmpty, "no download started")
            #expect(try await api.get("/api/models/mistral-codestral-latest").object["is_default"] as? Bool == false)
            #expect(try await api.get("/api/models?text=Planted").items.isEmpty)

            // Reads are not changes; the page's own writes pass.
            #expect(
                try await api.send(.get, "/api/models", token: nil, headers: Self.headers(cookie, [SameOrigin.secFetchSite: "cross-site"]))
                    .status == .ok)
            for extra: [HTTPField.Name: String] in [
                [.origin: "http://localhost"], [.origin: "HTTP://LOCALHOST:80"], [SameOrigin.secFetchSite: "same-origin"],
                [SameOrigin.secFetchSite: "none"],
            ] {
                var body = model
                body["api_name"] = "ok-\(UUID().uuidString.prefix(6).lowercased())"
                let reply = try await api.send(.post, "/api/models", json: body, token: nil, headers: Self.headers(cookie, extra))
                #expect(reply.status == .created, "\(extra): \(reply)")
            }
            // Scripts sending the token are not browsers: no Origin needed.
            #expect(try await api.send(.post, "/api/models/mistral-codestral-latest/set-default").status == .ok)
        }
    }

    @Test func originMatchesTheHostItWasSentTo() {
        #expect(SameOrigin.matches(origin: "http://127.0.0.1:8080", authority: "127.0.0.1:8080"))
        #expect(SameOrigin.matches(origin: "https://hangar.example.com", authority: "hangar.example.com", scheme: "https"))
        #expect(SameOrigin.matches(origin: "https://hangar.example.com", authority: "hangar.example.com:443", scheme: "https"))
        #expect(!SameOrigin.matches(origin: "https://hangar.example.com", authority: "hangar.example.com", scheme: "http"))
        #expect(!SameOrigin.matches(origin: "http://hangar.example.com", authority: "hangar.example.com", scheme: "https"))
        #expect(SameOrigin.matches(origin: "http://[::1]:8080", authority: "[::1]:8080"))
        #expect(!SameOrigin.matches(origin: "http://127.0.0.1:8081", authority: "127.0.0.1:8080"))
        #expect(!SameOrigin.matches(origin: "https://hangar.example.com", authority: "hangar.example.com:80", scheme: "https"))
        #expect(!SameOrigin.matches(origin: "http://hangar.example.com/path", authority: "hangar.example.com"))
        #expect(!SameOrigin.matches(origin: "http://user@hangar.example.com", authority: "hangar.example.com"))
        #expect(!SameOrigin.matches(origin: "ftp://hangar.example.com", authority: "hangar.example.com"))
        #expect(!SameOrigin.matches(origin: "http://hangar.example.com", authority: nil))
    }

    @Test(arguments: TestDatabases.engines)
    func wrongTokensAtSignInAreThrottled(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            for attempt in 1...10 {
                let reply = try await api.send(.post, "/api/session", json: ["token": "guess-\(attempt)"], token: nil)
                expectError(reply, .unauthorized, code: "invalid_token")
            }
            let refused = try await api.send(.post, "/api/session", json: ["token": "guess-11"], token: nil)
            expectError(refused, .tooManyRequests, code: "too_many_attempts")
            let wait = try #require(refused.headers[.retryAfter].flatMap(Int.init), "\(refused.headers)")
            #expect((1...60).contains(wait))
            // Even the right token waits: otherwise a guess would still be confirmed at full speed.
            expectError(
                try await api.send(.post, "/api/session", json: ["token": TestServer.token], token: nil), .tooManyRequests,
                code: "too_many_attempts")
            // The CLI and scripts, holding the token, carry on.
            #expect(try await api.get("/api/models?limit=1").status == .ok)
        }
    }

    @Test func theThrottleCountsASlidingMinutePerAddress() {
        let throttle = SignInThrottle(limit: 3, window: .seconds(60))
        let start = ContinuousClock.now
        for second in 0..<3 { throttle.recordFailure("10.0.0.1", now: start + .seconds(second)) }
        #expect(throttle.retryAfter("10.0.0.1", now: start + .seconds(3)) == 57)
        #expect(throttle.retryAfter("10.0.0.2", now: start + .seconds(3)) == nil, "another address is not affected")
        #expect(throttle.retryAfter("10.0.0.1", now: start + .seconds(60)) == nil, "the first failure left the window")
        throttle.recordFailure("10.0.0.1", now: start + .milliseconds(60_500))
        #expect(
            throttle.retryAfter("10.0.0.1", now: start + .milliseconds(60_500)) == 1,
            "failures at 1, 2 and 60.5 s: the first leaves in 0.5 s")
    }
}
