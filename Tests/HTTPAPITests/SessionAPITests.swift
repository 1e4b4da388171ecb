import App
import Foundation
import HTTPTypes
import HangarTesting
import SQLKit
import Storage
import Testing

@testable import HTTPAPI

/// Web UI sessions: server-side, one per sign-in, ended by signing out on every replica, and
/// by a new admin token.
@Suite struct SessionAPITests {
    /// Signs in and returns the `Cookie` header value of the new session.
    static func signIn(_ api: API, token: String = TestServer.token) async throws -> String {
        let reply = try await api.send(.post, "/api/session", json: ["token": token], token: nil)
        #expect(reply.status == .noContent, "\(reply)")
        let header = try #require(reply.headers[.setCookie])
        return try #require(header.split(separator: ";").first.map(String.init))
    }

    /// What the web UI sends with a write: its cookie and its own origin.
    static func fromTheUI(_ cookie: String) -> HTTPFields {
        [.cookie: cookie, .origin: "http://localhost"]
    }

    static func status(_ api: API, _ cookie: String) async throws -> HTTPResponse.Status {
        try await api.send(.get, "/api/session", token: nil, headers: [.cookie: cookie]).status
    }

    @Test(arguments: TestDatabases.engines)
    func eachSignInIsItsOwnSessionAndSignOutEndsItAtOnce(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            // Two sign-ins in the same second.
            let first = try await Self.signIn(api)
            let second = try await Self.signIn(api)
            #expect(first != second)
            #expect(try await Self.status(api, first) == .ok)
            #expect(try await Self.status(api, second) == .ok)

            let out = try await api.send(.delete, "/api/session", token: nil, headers: Self.fromTheUI(first))
            #expect(out.status == .noContent, "\(out)")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            expectError(try await api.send(.get, "/api/models", token: nil, headers: [.cookie: first]), .unauthorized)
            #expect(try await Self.status(api, second) == .ok, "the other session is untouched")
            #expect(
                try await api.send(.post, "/api/models/mistral-codestral-latest/set-default", token: nil, headers: [.cookie: second]).status
                    == .forbidden)
            // Signing out again with the ended cookie is harmless.
            #expect(try await api.send(.delete, "/api/session", token: nil, headers: Self.fromTheUI(first)).status == .noContent)
            // A sign-out is never refused, even without an Origin: it only ends the caller's session.
            #expect(try await api.send(.delete, "/api/session", token: nil, headers: [.cookie: second]).status == .noContent)
            #expect(try await Self.status(api, second) == .unauthorized)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func signOutEverywhereEndsEverySession(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let sessions = [try await Self.signIn(api), try await Self.signIn(api), try await Self.signIn(api)]
            // Only a signed-in caller may end everyone's sessions.
            expectError(try await api.send(.delete, "/api/session?all=true", token: nil), .unauthorized)
            expectError(try await api.send(.delete, "/api/session?all=true", token: "wrong"), .unauthorized)
            expectError(
                try await api.send(.delete, "/api/session?all=maybe", token: nil, headers: Self.fromTheUI(sessions[0])), .badRequest)
            for cookie in sessions { #expect(try await Self.status(api, cookie) == .ok) }

            #expect(
                try await api.send(.delete, "/api/session?all=true", token: nil, headers: Self.fromTheUI(sessions[0])).status == .noContent)
            for cookie in sessions { #expect(try await Self.status(api, cookie) == .unauthorized) }

            let fresh = try await Self.signIn(api)
            #expect(try await api.send(.delete, "/api/session?all=true").status == .noContent, "the admin token may too")
            #expect(try await Self.status(api, fresh) == .unauthorized)
        }
    }

    /// Two servers on one database, as replicas on PostgreSQL are: a sign-out on one is seen by
    /// the other on its next request.
    @Test(arguments: TestDatabases.engines)
    func signOutIsSeenByEveryReplica(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        try await TestServer.withApp(location) { first in
            try await TestServer.withApp(location) { second in
                let cookie = try await Self.signIn(first)
                #expect(try await Self.status(second, cookie) == .ok)
                #expect(try await first.send(.delete, "/api/session", token: nil, headers: Self.fromTheUI(cookie)).status == .noContent)
                #expect(try await Self.status(second, cookie) == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aNewAdminTokenEndsEverySession(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let cookie = try await TestServer.withApp(location) { api in try await Self.signIn(api) }
        try await TestServer.withApp(location) { (api: API) async throws in
            #expect(try await Self.status(api, cookie) == .ok, "a restart keeps sessions")
        }
        var configuration = TestServer.configuration(location)
        configuration.adminToken = "another-admin-token-91b2c7d4"
        try await TestServer.withApp(configuration) { api in
            #expect(try await Self.status(api, cookie) == .unauthorized)
            _ = try await Self.signIn(api, token: "another-admin-token-91b2c7d4")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func onlyAHashOfTheSessionIsStored(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let cookie = try await TestServer.withApp(location) { api in try await Self.signIn(api) }
        let id = String(cookie.dropFirst("hangar_session=".count))
        #expect(id.count == 43, "256 random bits")
        let stored = try await TestDatabases.withStore(location) { database in
            try await database.read { sql in
                try await sql.raw("SELECT id_hash, token_fingerprint FROM sessions").all().map {
                    try $0.decode(column: "id_hash", as: String.self) + " " + $0.decode(column: "token_fingerprint", as: String.self)
                }
            }
        }
        #expect(stored.count == 1)
        #expect(!stored.joined().contains(id))
        #expect(!stored.joined().contains(TestServer.token))
    }
}
