import App
import Foundation
import HangarTesting
import Testing

@testable import HTTPAPI

/// Behind a reverse proxy every client comes from the proxy's address; with the proxy in
/// HANGAR_TRUSTED_PROXIES the sign-in throttle counts each client by X-Forwarded-For instead.
@Suite struct TrustedProxyTests {
    @Test func theClientIsTheLastHopThatIsNotATrustedProxy() {
        let trusted: Set = ["10.0.0.5", "10.0.0.6"]
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["203.0.113.7"], trusted: trusted) == "203.0.113.7")
        // A client's own header value comes first; the proxies append theirs after it.
        #expect(
            ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["198.51.100.1, 203.0.113.7, 10.0.0.6"], trusted: trusted)
                == "203.0.113.7")
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: ["1.1.1.1", "203.0.113.8"], trusted: trusted) == "203.0.113.8")
        #expect(ForwardedClient.address(peer: "10.0.0.5", forwardedFor: [], trusted: trusted) == "10.0.0.5")
        // Anyone else's header is theirs to invent: ignored.
        #expect(ForwardedClient.address(peer: "192.0.2.9", forwardedFor: ["203.0.113.7"], trusted: trusted) == "192.0.2.9")
    }

    @Test func theSettingTakesIPAddressesOnly() throws {
        let configuration = try HangarConfiguration.fromEnvironment(["HANGAR_TRUSTED_PROXIES": "127.0.0.1, ::1"])
        #expect(configuration.trustedProxies == ["127.0.0.1", "::1"])
        #expect(throws: HangarConfiguration.Invalid.self) {
            try HangarConfiguration.fromEnvironment(["HANGAR_TRUSTED_PROXIES": "proxy.local"])
        }
        #expect(throws: HangarConfiguration.Invalid.self) {
            try HangarConfiguration.fromEnvironment(["HANGAR_TRUSTED_PROXIES": "10.0.0.0/8"])
        }
    }

    static func signIn(_ http: LiveHTTP, from client: String?, token: String) async throws -> Int {
        try await http.send(
            .POST, "/api/session", json: #"{"token":"\#(token)"}"#, headers: client.map { [("X-Forwarded-For", $0)] } ?? []
        ).status
    }

    @Test func behindATrustedProxyOneClientsGuessesDoNotLockOutAnother() async throws {
        var configuration = TestServer.configuration(try await TestDatabases.makeLocation(.sqlite))
        configuration.trustedProxies = ["127.0.0.1"]
        try await TestServer.withLiveServer(configuration) { (port: Int) async throws -> Void in
            let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: "")
            for attempt in 1...10 {
                #expect(try await Self.signIn(http, from: "203.0.113.7", token: "guess-\(attempt)") == 401)
            }
            #expect(try await Self.signIn(http, from: "203.0.113.7", token: TestServer.token) == 429)
            #expect(try await Self.signIn(http, from: "203.0.113.8", token: TestServer.token) == 204)
        }
    }

    @Test func withoutTrustAForgedHeaderDoesNotDodgeTheThrottle() async throws {
        try await TestServer.withLiveServer(.sqlite) { (port: Int) async throws -> Void in
            let http = LiveHTTP(url: "http://127.0.0.1:\(port)", token: "")
            for attempt in 1...10 {
                #expect(try await Self.signIn(http, from: "203.0.113.\(attempt)", token: "guess-\(attempt)") == 401)
            }
            #expect(try await Self.signIn(http, from: "198.51.100.1", token: TestServer.token) == 429)
        }
    }
}
