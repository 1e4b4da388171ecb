import App
import Foundation
import HTTPTypes
import HangarTesting
import Logging
import Storage
import Synchronization
import Testing

/// A connection saved with a recognisable key, then every provider endpoint exercised
/// (successes, failures, connection tests, a redirect to another host): the key must appear
/// in no response, no log line and no database file.
@Suite struct SecretCanaryTests {
    static let canary = "sk-CANARY-b7e4c1d9a2f86e30"

    @Test(arguments: TestDatabases.engines)
    func theKeyNeverLeaks(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let capture = LogCapture()
        let logger = capture.logger(label: "hangar-canary")
        let replies = Mutex<[Reply]>([])
        try await FakeOpenAI.withServer(apiKey: Self.canary) { upstream in
            try await FakeOpenAI.withServer(apiKey: nil) { elsewhere in
                let app = try await buildApplication(TestServer.configuration(location), logger: logger)
                try await app.test(.router) { client in
                    let api = API(client: client)
                    func call(_ method: HTTPRequest.Method, _ path: String, _ json: [String: Any]? = nil) async throws -> Reply {
                        let reply = try await api.send(method, path, json: json)
                        replies.withLock { $0.append(reply) }
                        return reply
                    }
                    let created = try await call(
                        .post, "/api/providers",
                        [
                            "kind": "openai-compatible", "name": "Canary", "base_url": upstream.baseURL, "api_key": Self.canary,
                        ])
                    #expect(created.status == .created)
                    let id = created.id
                    _ = try await call(.get, "/api/providers")
                    _ = try await call(.get, "/api/providers/\(id)")
                    _ = try await call(.patch, "/api/providers/\(id)", ["name": "Canary 2"])
                    let passed = try await call(.post, "/api/providers/\(id)/test")
                    #expect(passed.object["success"] as? Bool == true, "\(passed)")
                    for mode in [FakeUpstreamMode.unauthorized, .forbidden, .rateLimited(retryAfter: 3), .serverError, .malformedJSON] {
                        upstream.mode = mode
                        let failed = try await call(.post, "/api/providers/\(id)/test")
                        #expect(failed.object["success"] as? Bool == false, "\(mode): \(failed)")
                    }
                    upstream.mode = .redirect(location: elsewhere.localhostURL + "/v1/models")
                    _ = try await call(.post, "/api/providers/\(id)/test")
                    _ = try await call(
                        .post, "/api/providers/test", ["kind": "openai-compatible", "base_url": upstream.baseURL, "provider_id": id])
                    upstream.mode = .normal
                    _ = try await call(
                        .post, "/api/providers/test", ["kind": "openai", "base_url": upstream.baseURL, "api_key": Self.canary])
                    // Refused requests that carry the key must not echo it either.
                    _ = try await call(
                        .post, "/api/providers", ["kind": "spaceship", "name": "X", "base_url": upstream.baseURL, "api_key": Self.canary])
                    _ = try await call(.patch, "/api/providers/\(id)", ["api_key": Self.canary + " tail"])
                    _ = try await call(.patch, "/api/providers/local", ["api_key": Self.canary])
                    _ = try await call(.post, "/api/providers/test", ["kind": "openai", "base_url": "not a url", "api_key": Self.canary])
                    _ = try await call(.patch, "/api/providers/\(id)", ["api_key": Self.canary, "unknown": true])
                    try await api.createModel("Canary model", provider: id)
                    _ = try await call(.delete, "/api/providers/\(id)")
                    _ = try await call(.get, "/api/providers/\(id)")
                }
                // The redirect target never saw the key.
                #expect(!elsewhere.requests.isEmpty, "the redirect was followed")
                for request in elsewhere.requests {
                    #expect(request.header("authorization") == nil)
                    #expect(!request.headers.contains { $0.value.contains(Self.canary) })
                }
            }
        }
        for reply in replies.withLock({ $0 }) {
            #expect(!reply.text.contains(Self.canary), "response leaks the key: \(reply.status.code)")
            for field in reply.headers { #expect(!field.value.contains(Self.canary)) }
        }
        #expect(!capture.lines.isEmpty, "the app logged through the captured logger")
        for line in capture.lines { #expect(!line.contains(Self.canary), "log line leaks the key: \(line.prefix(200))") }
        if engine == .sqlite {
            for file in try FileManager.default.contentsOfDirectory(atPath: location.dataDirectory) {
                let data = try Data(contentsOf: URL(fileURLWithPath: location.dataDirectory).appendingPathComponent(file))
                #expect(data.range(of: Data(Self.canary.utf8)) == nil, "\(file) holds the key in clear")
            }
        }
    }
}
