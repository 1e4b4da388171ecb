import App
import Foundation
import HTTPTypes
import HangarTesting
import HummingbirdTesting
import NIOCore
import Storage
import Testing

/// Access control on every route of the contract, request ids, and the operational
/// endpoints (/health, /metrics, /openapi.json).
@Suite struct AccessAPITests {
    /// Sends over a real connection with a chosen Host header (the router test client always
    /// says "localhost").
    struct Wire: Sendable {
        let client: TestClient

        func send(
            _ method: HTTPRequest.Method, _ path: String, host: String = "localhost", token: String? = TestServer.token,
            headers: HTTPFields = [:], body: String? = nil
        ) async throws -> Reply {
            var fields = headers
            if let token { fields[.authorization] = "Bearer \(token)" }
            if body != nil { fields[.contentType] = "application/json" }
            let response = try await client.execute(
                TestClient.Request(
                    path, method: method, authority: host, headers: fields, body: body.map { ByteBuffer(string: $0) }))
            return Reply(status: response.status, headers: response.headers, body: Data((response.body ?? ByteBuffer()).readableBytesView))
        }
    }

    /// Runs `body` with a live server and a connection to it.
    static func withLiveServer(_ engine: DatabaseEngine, _ body: @escaping @Sendable (Wire) async throws -> Void) async throws {
        try await TestServer.withLiveServer(engine) { port in
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await body(Wire(client: client))
            }
        }
    }

    /// Every (method, concrete path) of the contract, `{id}` replaced by a real id; `isPublic`
    /// when the operation declares `security: []` (health, documents, logging in and out).
    static func contractRoutes(_ wire: Wire, modelID: String) async throws -> [(method: HTTPRequest.Method, path: String, isPublic: Bool)] {
        let document = try await wire.send(.get, "/openapi.json", token: nil)
        #expect(document.status == .ok)
        let paths = try #require(document.object["paths"] as? [String: [String: Any]])
        var routes: [(method: HTTPRequest.Method, path: String, isPublic: Bool)] = []
        for (template, operations) in paths.sorted(by: { $0.key < $1.key }) {
            let id = template.hasPrefix("/api/providers/") ? "openai" : modelID
            let path = template.replacingOccurrences(of: "{id}", with: id)
            for (method, operation) in operations.sorted(by: { $0.key < $1.key }) {
                guard let parsed = HTTPRequest.Method(method.uppercased()),
                    ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(parsed.rawValue)
                else { continue }
                let security = (operation as? [String: Any])?["security"] as? [Any]
                routes.append((parsed, path, security?.isEmpty == true))
            }
        }
        return routes
    }

    static func body(for method: HTTPRequest.Method, _ path: String) -> String? {
        method == .patch
            ? #"{"name": "Changed By Intruder"}"#
            : (method == .post && path == "/api/models"
                ? #"{"provider_id": "openai", "name": "Intruder", "api_name": "intruder"}"# : nil)
    }

    @Test(arguments: TestDatabases.engines)
    func everyAPIRouteNeedsTheTokenAndALocalHost(_ engine: DatabaseEngine) async throws {
        try await Self.withLiveServer(engine) { wire in
            let created = try await wire.send(
                .post, "/api/models", body: #"{"provider_id": "openai", "name": "Victim", "api_name": "victim"}"#)
            #expect(created.status == .created, "\(created)")
            let routes = try await Self.contractRoutes(wire, modelID: created.id)
            let apiRoutes = routes.filter { $0.path.hasPrefix("/api/") && !$0.isPublic }
            #expect(apiRoutes.count >= 10, "the contract lists the API routes: \(apiRoutes.map(\.path))")
            // Only logging in and out, and the field rules a form needs, are public under /api.
            #expect(
                Set(routes.filter { $0.path.hasPrefix("/api/") && $0.isPublic }.map { "\($0.method) \($0.path)" }) == [
                    "POST /api/session", "DELETE /api/session", "GET /api/meta",
                ])
            #expect(try await wire.send(.get, "/api/meta", token: nil).status == .ok)
            // Public for reading only.
            expectError(try await wire.send(.post, "/api/meta", token: nil, body: "{}"), .unauthorized)

            for (method, path, _) in apiRoutes {
                let body = Self.body(for: method, path)
                let anonymous = try await wire.send(method, path, token: nil, body: body)
                expectError(anonymous, .unauthorized, code: "unauthorized")
                #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(method) \(path)")
                expectError(try await wire.send(method, path, token: "wrong-token", body: body), .unauthorized)
                expectError(try await wire.send(method, path, token: TestServer.token + "x", body: body), .unauthorized)
                var basic = HTTPFields()
                basic[.authorization] = "Basic \(Data("admin:\(TestServer.token)".utf8).base64EncodedString())"
                expectError(try await wire.send(method, path, token: nil, headers: basic, body: body), .unauthorized)
                expectError(try await wire.send(method, path, host: "evil.example", body: body), .forbidden, code: "forbidden_host")
                expectError(try await wire.send(method, path, host: "evil.example:8080", token: nil, body: body), .forbidden)
            }
            // The documents, health, login and the web UI are public but still refuse foreign hosts.
            for (method, path, _) in routes where !path.hasPrefix("/api/") {
                expectError(try await wire.send(method, path, host: "evil.example", token: nil), .forbidden)
                expectError(try await wire.send(method, path, host: "127.0.0.1.evil.example", token: nil), .forbidden)
                #expect(try await wire.send(method, path, token: nil).status == .ok, "\(method) \(path)")
            }
            for (method, path, _) in routes where path.hasPrefix("/api/") && routes.contains(where: { $0.path == path && $0.isPublic }) {
                expectError(try await wire.send(method, path, host: "evil.example", token: nil, body: #"{"token": "x"}"#), .forbidden)
            }
            expectError(try await wire.send(.get, "/", host: "evil.example", token: nil), .forbidden)
            // Nothing above changed or deleted anything.
            let victim = try await wire.send(.get, "/api/models/\(created.id)")
            #expect(victim.object["name"] as? String == "Victim")
            #expect(victim.object["status"] as? String == "active")
            #expect(try await wire.send(.get, "/api/models").object["total"] as? Int == 18)
            #expect(try await wire.send(.get, "/api/providers/openai").object["name"] as? String == "OpenAI")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func loopbackHostsAreAccepted(_ engine: DatabaseEngine) async throws {
        try await Self.withLiveServer(engine) { wire in
            for host in ["localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:9", "[::1]:8080", "app.localhost", "LOCALHOST"] {
                let reply = try await wire.send(.get, "/api/providers", host: host)
                #expect(reply.status == .ok, "\(host): \(reply)")
            }
            for host in ["example.com", "127.0.0.1.nip.io", "128.0.0.1", "[::2]", "localhost.evil.example"] {
                expectError(try await wire.send(.get, "/api/providers", host: host), .forbidden)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func requestIDsAreEchoedOrGenerated(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Request-Id")!] = "trace-abc-123"
            let given = try await api.send(.get, "/api/providers", headers: headers)
            #expect(given.headers[HTTPField.Name("X-Request-Id")!] == "trace-abc-123")
            let givenOnError = try await api.send(.get, "/api/models/missing", headers: headers)
            #expect(givenOnError.status == .notFound)
            #expect(givenOnError.headers[HTTPField.Name("X-Request-Id")!] == "trace-abc-123")
            let unauthorized = try await api.send(.get, "/api/models", token: nil, headers: headers)
            #expect(unauthorized.headers[HTTPField.Name("X-Request-Id")!] == "trace-abc-123")

            let first = try await api.get("/health").headers[HTTPField.Name("X-Request-Id")!]
            let second = try await api.get("/api/nothing").headers[HTTPField.Name("X-Request-Id")!]
            #expect(first?.isEmpty == false)
            #expect(second?.isEmpty == false)
            #expect(first != second)
            // An unusable id (too long) is replaced by a generated one.
            headers[HTTPField.Name("X-Request-Id")!] = String(repeating: "r", count: 300)
            let replaced = try await api.send(.get, "/health", headers: headers).headers[HTTPField.Name("X-Request-Id")!]
            #expect(replaced != nil && replaced!.count < 300)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func healthReportsTheDatabase(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let health = try await api.send(.get, "/health", token: nil)
            #expect(health.status == .ok)
            #expect(health.object["status"] as? String == "ok")
            #expect(health.object["version"] as? String == "0.1.0")
            let database = try #require(health.object["database"] as? [String: Any])
            #expect(database["engine"] as? String == engine.rawValue)
            #expect(database["ok"] as? Bool == true)
            #expect((database["latency_ms"] as? Double).map { $0 >= 0 } == true)
        }
    }

    /// A health probe must answer within a probe's timeout when PostgreSQL is gone: 503 with
    /// `database.ok` false, not a reply a minute later.
    @Test(arguments: TestDatabases.engines.filter { $0 == .postgres })
    func healthAnswersQuicklyWhenTheDatabaseIsGone(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        var configuration = TestServer.configuration(location)
        // The server's own wait (HANGAR_DATABASE_WAIT_SECONDS), not the one the suite stretches.
        configuration.databaseWaitSeconds = try HangarConfiguration.fromEnvironment([:]).databaseWaitSeconds
        try await TestServer.withApp(configuration) { api in
            #expect(try await api.get("/health").status == .ok)
            try await TestDatabases.dropDatabase(location)
            let started = ContinuousClock.now
            // The deadline bounds the test; a correct server answers well before it.
            let reply = await withTaskGroup(of: Reply?.self) { group in
                group.addTask { try? await api.get("/health") }
                group.addTask {
                    try? await Task.sleep(for: .seconds(5))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(5), "GET /health took \(elapsed) with the database gone")
            #expect(reply?.status == .serviceUnavailable, "\(String(describing: reply))")
            let database = reply?.object["database"] as? [String: Any]
            #expect(database?["ok"] as? Bool == false)
            #expect(reply?.object["status"] as? String == "unavailable")
            // The API says the database is the problem (503, retry later), not an internal error.
            let listingStarted = ContinuousClock.now
            let listing = try await api.get("/api/models")
            #expect(ContinuousClock.now - listingStarted < .seconds(8), "the wait for a connection is bounded (5 s)")
            expectError(listing, .serviceUnavailable, code: "database_unavailable", messageContains: "DATABASE_URL")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func openAPIDocumentIsServed(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let document = try await api.send(.get, "/openapi.json", token: nil)
            #expect(document.status == .ok)
            #expect(document.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(document.object["openapi"] as? String == "3.1.0")
            let paths = try #require(document.object["paths"] as? [String: Any])
            for path in ["/api/models", "/api/models/{id}", "/api/providers", "/api/providers/{id}", "/health"] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }

    /// Prometheus text with request counts by route and status. The registry is shared by
    /// every app of the test process, so the test compares counts before and after.
    @Test(arguments: TestDatabases.engines)
    func metricsCountRequestsByRouteAndStatus(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let route = "/api/models/{id}"
            func count(status: Int, in text: String) -> Double {
                text.split(separator: "\n").filter { line in
                    line.hasPrefix("hb_requests") && line.contains(#""\#(route)""#) && line.contains(#""GET""#)
                        && line.contains(#""\#(status)""#)
                }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
            }
            _ = try await api.get("/api/models/ollama-phi3")
            let before = try await api.send(.get, "/metrics", token: nil)
            #expect(before.status == .ok)
            #expect(before.headers[.contentType]?.hasPrefix("text/plain") == true)
            let found = count(status: 200, in: before.text)
            let missing = count(status: 404, in: before.text)
            for _ in 0..<3 { _ = try await api.get("/api/models/ollama-phi3") }
            for _ in 0..<2 { _ = try await api.get("/api/models/unknown-model") }
            let after = try await api.send(.get, "/metrics", token: nil).text
            #expect(
                count(status: 200, in: after) >= found + 3,
                "\(after.split(separator: "\n").filter { $0.hasPrefix("hb_requests") }.prefix(20))")
            #expect(count(status: 404, in: after) >= missing + 2)
            #expect(after.contains("# TYPE hb_requests counter"))
        }
    }
}
