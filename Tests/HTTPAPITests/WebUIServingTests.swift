import App
import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// The web UI's files and its cookie session, on the real application.
@Suite struct WebUIServingTests {
    /// A throwaway UI directory, so these tests do not depend on the real web/ files.
    static func makeWebDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hangar-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("icons"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>Hangar</title><script type=module src=/app.js></script>".utf8)
            .write(to: directory.appendingPathComponent("index.html"))
        try Data("export const ready = true;\n".utf8).write(to: directory.appendingPathComponent("app.js"))
        try Data(#"{"name":"Hangar","start_url":"/"}"#.utf8).write(to: directory.appendingPathComponent("manifest.webmanifest"))
        // What a developer keeps beside the UI, never served.
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try Data("# notes\n".utf8).write(to: directory.appendingPathComponent("README.md"))
        try Data(#"{"type":"module"}"#.utf8).write(to: directory.appendingPathComponent("package.json"))
        try Data("import test from 'node:test';\n".utf8).write(to: directory.appendingPathComponent("tests/store.test.js"))
        try Data("secret=1\n".utf8).write(to: directory.appendingPathComponent(".env"))
        return directory.path
    }

    static func withWebApp(_ body: @escaping @Sendable (API) async throws -> Void) async throws {
        let location = try await TestDatabases.makeLocation(.sqlite)
        var configuration = TestServer.configuration(location)
        configuration.webDirectory = try makeWebDirectory()
        let _: Void = try await TestServer.withApp(configuration, .router) { api in try await body(api) }
    }

    static func sessionCookie(_ reply: Reply) throws -> String {
        let header = try #require(reply.headers[.setCookie])
        return try #require(header.split(separator: ";").first.map(String.init))
    }

    @Test func servesTheShellWithAStrictPolicy() async throws {
        try await Self.withWebApp { api in
            let index = try await api.send(.get, "/", token: nil)
            #expect(index.status == .ok)
            #expect(index.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(decoding: index.body, as: UTF8.self).contains("<title>Hangar</title>"))
            let policy = try #require(index.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(index.headers[.cacheControl]?.contains("no-cache") == true)
            #expect(index.headers[.xContentTypeOptions] == "nosniff")

            let script = try await api.send(.get, "/app.js", token: nil)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType]?.contains("javascript") == true)
            // Every answer carries the four headers; what is not a document gets the short policy.
            let json = try await api.send(.get, "/api/models", token: nil)
            for reply in [script, json] {
                #expect(reply.headers[.contentSecurityPolicy] == "default-src 'none'")
                #expect(reply.headers[.xContentTypeOptions] == "nosniff")
                #expect(reply.headers[.init("Referrer-Policy")!] == "no-referrer")
                #expect(reply.headers[.init("X-Frame-Options")!] == "DENY")
            }
            let manifest = try await api.send(.get, "/manifest.webmanifest", token: nil)
            #expect(manifest.headers[.contentType]?.hasPrefix("application/manifest+json") == true)

            // Files never shadow the API, and the API still needs a token.
            expectError(try await api.send(.get, "/api/models", token: nil), .unauthorized)
            expectError(try await api.send(.get, "/nothing-here.js", token: nil), .notFound)
            for traversal in ["/../Package.swift", "/%2e%2e/Package.swift", "/icons/../../Package.swift"] {
                let reply = try await api.send(.get, traversal, token: nil)
                #expect(reply.status == .badRequest || reply.status == .notFound, "\(traversal): \(reply.status)")
            }
        }
    }

    @Test func servesOnlyWhatTheUIShips() async throws {
        try await Self.withWebApp { api in
            #expect(try await api.send(.get, "/app.js", token: nil).status == .ok)
            #expect(try await api.send(.head, "/index.html", token: nil).status == .ok)
            for path in [
                "/README.md", "/package.json", "/tests/store.test.js", "/.env", "/index.html%00.js", "/app.js%00", "/index%2ehtml",
                "/app.js/", "/icons/..%2f..%2fapp.js", "/%2e%2e%2fapp.js", "/..%5capp.js", "/icons\\..\\app.js", "/app.js%20",
                "/APP.JS", "/./app.js", "//app.js",
            ] {
                let reply = try await api.send(.get, path, token: nil)
                expectError(reply, .notFound)
                #expect(!reply.text.contains("export const ready"), "\(path) served a file")
            }
            // The type is the file's own: a page is never served as a script, or the reverse.
            let page = try await api.send(.get, "/index.html", token: nil)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let etag = try #require(page.headers[.eTag])
            #expect(try await api.send(.get, "/index.html", token: nil, headers: [.ifNoneMatch: etag]).status == .notModified)
        }
    }

    @Test func cookieSessionLogsInAndOut() async throws {
        try await Self.withWebApp { api in
            expectError(try await api.send(.get, "/api/session", token: nil), .unauthorized)
            expectError(
                try await api.send(.post, "/api/session", json: ["token": "wrong"], token: nil), .unauthorized, code: "invalid_token")
            expectError(try await api.send(.post, "/api/session", json: [:], token: nil), .unprocessableContent, field: "token")
            expectError(
                try await api.send(
                    .post, "/api/session", raw: "token=x", token: nil, headers: [.contentType: "application/x-www-form-urlencoded"]),
                .badRequest)
            expectError(try await api.send(.post, "/api/session", raw: "{", token: nil), .badRequest)

            let login = try await api.send(.post, "/api/session", json: ["token": TestServer.token], token: nil)
            #expect(login.status == .noContent)
            let setCookie = try #require(login.headers[.setCookie])
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=604800"] {
                #expect(setCookie.contains(attribute), "\(setCookie)")
            }
            #expect(!setCookie.contains(TestServer.token), "the cookie never carries the token")
            #expect(!setCookie.contains("Secure"), "plain HTTP cannot keep a Secure cookie")
            let cookie = try Self.sessionCookie(login)

            let withCookie: HTTPFields = [.cookie: "theme=dark; \(cookie)"]
            #expect(try await api.send(.get, "/api/session", token: nil, headers: withCookie).status == .ok)
            #expect(try await api.send(.get, "/api/models", token: nil, headers: withCookie).status == .ok)
            var fromTheUI = withCookie
            fromTheUI[.origin] = "http://localhost"
            let created = try await api.send(
                .post, "/api/models", json: ["provider_id": "openai", "name": "Via cookie", "api_name": "via-cookie"], token: nil,
                headers: fromTheUI)
            #expect(created.status == .created)

            // A tampered or foreign cookie is no session.
            var tampered = cookie
            tampered.removeLast()
            tampered.append(cookie.last == "A" ? "B" : "A")
            expectError(try await api.send(.get, "/api/models", token: nil, headers: [.cookie: tampered]), .unauthorized)
            expectError(
                try await api.send(.get, "/api/models", token: nil, headers: [.cookie: "hangar_session=v1.99999999999.abc"]), .unauthorized)

            let logout = try await api.send(.delete, "/api/session", token: nil, headers: fromTheUI)
            #expect(logout.status == .noContent)
            #expect(logout.headers[.setCookie]?.contains("Max-Age=0") == true)

            var proxied = HTTPFields()
            proxied[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            let secure = try await api.send(.post, "/api/session", json: ["token": TestServer.token], token: nil, headers: proxied)
            #expect(secure.headers[.setCookie]?.contains("; Secure") == true)
        }
    }

    @Test func theCookieIsReadAmongOthers() {
        #expect(SessionCookie.presented(in: ["a=1; hangar_session=xyz ; b=2"]) == "xyz")
        #expect(SessionCookie.presented(in: ["hangar_sessionx=1"]) == nil)
    }
}
