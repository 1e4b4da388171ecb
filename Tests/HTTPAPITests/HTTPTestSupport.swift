import App
import Catalog
import Foundation
import HTTPTypes
import HangarCore
import HangarTesting
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Secrets
import Storage
import Testing

/// Builds the real application (the one `hangar serve` runs) on a test location.
enum TestServer {
    static let token = "test-admin-token-7f3a9c1e"

    static func configuration(_ location: TestLocation) -> HangarConfiguration {
        var configuration = HangarConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: location.dataDirectory, databaseURL: location.databaseURL,
            adminToken: token, logLevel: .warning, webDirectory: nil)
        // As TestDatabases does for its stores: the parallel suite, not the pool, can hold a
        // wait for a connection past 5 s.
        configuration.databaseWaitSeconds = 30
        // Off, so that fake Ollama servers see only the requests a test makes; the runtime
        // tests turn it on.
        configuration.ollamaStatusPollSeconds = 0
        return configuration
    }

    static let logger: Logger = {
        var logger = Logger(label: "hangar-http-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` against a freshly built app on `location`; building again on the same
    /// location is a restart.
    static func withApp<T: Sendable>(
        _ location: TestLocation, _ setup: TestingSetup = .router, _ body: @escaping @Sendable (API) async throws -> T
    ) async throws -> T {
        try await withApp(configuration(location), setup, body)
    }

    static func withApp<T: Sendable>(
        _ configuration: HangarConfiguration, _ setup: TestingSetup = .router, _ body: @escaping @Sendable (API) async throws -> T
    ) async throws -> T {
        let app = try await buildApplication(configuration, logger: logger)
        return try await app.test(setup) { client in try await body(API(client: client)) }
    }

    /// The catalog on `configuration`'s database, sealed with its server key, without a server.
    static func withCatalog<T: Sendable>(
        _ configuration: HangarConfiguration, _ body: @escaping @Sendable (CatalogService) async throws -> T
    ) async throws -> T {
        let key = try configuration.secretKeyStore.load().key
        return try await DatabaseFactory.withDatabase(configuration, logger: logger) { database in
            try await body(CatalogService(database: database, secrets: SecretBox(key: key)))
        }
    }

    static func withApp<T: Sendable>(
        _ engine: DatabaseEngine, _ setup: TestingSetup = .router, _ body: @escaping @Sendable (API) async throws -> T
    ) async throws -> T {
        try await withApp(try await TestDatabases.makeLocation(engine), setup, body)
    }

    /// Runs the app as `hangar serve` does (`runService`, port 0) and passes its port to
    /// `body`. Unlike HummingbirdTesting's `.live`, which waits forever for a port when the
    /// server fails to start, a start failure (say, a failing migration) is thrown here.
    static func withLiveServer<T: Sendable>(
        _ engine: DatabaseEngine, _ body: @escaping @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        try await withLiveServer(configuration(try await TestDatabases.makeLocation(engine)), body)
    }

    static func withLiveServer<T: Sendable>(
        _ configuration: HangarConfiguration, _ body: @escaping @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildApplication(configuration, logger: logger) { url, _ in
            continuation.yield(url.split(separator: ":").last.flatMap { Int($0) } ?? 0)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                while try await group.next() != nil {}  // rethrows why the server stopped
                throw JSON.Failure(description: "the server stopped before listening")
            }
            let result = try await body(port)
            group.cancelAll()
            return result
        }
    }
}

/// One HTTP answer, with its body parsed as needed.
struct Reply: Sendable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var object: [String: Any] { (try? JSON.object(body)) ?? [:] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    var id: String { object["id"] as? String ?? "" }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { (object["error"] as? [String: Any])?["message"] as? String ?? "" }
    /// Each blamed field's `{code, message, params}`.
    var errorFieldObjects: [String: [String: Any]] {
        (object["error"] as? [String: Any])?["fields"] as? [String: [String: Any]] ?? [:]
    }
    var errorFields: [String: String] { errorFieldObjects.compactMapValues { $0["message"] as? String } }
    var errorFieldCodes: [String: String] { errorFieldObjects.compactMapValues { $0["code"] as? String } }
    var errorFieldParams: [String: [String: Any]] { errorFieldObjects.compactMapValues { $0["params"] as? [String: Any] } }
    var description: String { "\(status.code) \(text.prefix(400))" }
}

/// The API as a client sees it: JSON in, `Reply` out, the admin token sent by default.
struct API: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method, _ path: String, json: [String: Any]? = nil, raw: String? = nil,
        token: String? = TestServer.token, headers: HTTPFields = [:]
    ) async throws -> Reply {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: Array(try JSON.data(json)))
        } else if let raw {
            body = ByteBuffer(string: raw)
        }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        let response = try await client.executeRequest(uri: path, method: method, headers: fields, body: body)
        return Reply(status: response.status, headers: response.headers, body: Data(response.body.readableBytesView))
    }

    func get(_ path: String) async throws -> Reply { try await send(.get, path) }
    func post(_ path: String, _ json: [String: Any]? = nil) async throws -> Reply { try await send(.post, path, json: json) }
    func patch(_ path: String, _ json: [String: Any]) async throws -> Reply { try await send(.patch, path, json: json) }
    func delete(_ path: String) async throws -> Reply { try await send(.delete, path) }

    /// Creates a custom model and expects 201; `extra` adds or overrides fields.
    @discardableResult
    func createModel(
        _ name: String, apiName: String? = nil, provider: String = "openai", _ extra: [String: Any] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Reply {
        var body: [String: Any] = [
            "provider_id": provider, "name": name,
            "api_name": apiName ?? name.lowercased().replacingOccurrences(of: " ", with: "-"),
        ]
        body.merge(extra) { _, new in new }
        let reply = try await send(.post, "/api/models", json: body)
        #expect(reply.status == .created, "\(reply)", sourceLocation: sourceLocation)
        return reply
    }

    /// Every model matching `query`, following `next_cursor`.
    func allModels(_ query: String = "") async throws -> [[String: Any]] {
        var models: [[String: Any]] = []
        var cursor: String?
        repeat {
            var path = "/api/models?limit=500" + (query.isEmpty ? "" : "&" + query)
            if let cursor { path += "&cursor=" + cursor }
            let page = try await get(path)
            guard page.status == .ok else { throw JSON.Failure(description: "listing failed: \(page)") }
            models += page.items
            cursor = page.object["next_cursor"] as? String
        } while cursor != nil
        return models
    }
}

/// Checks the one error shape, `{"error": {"code", "message", "fields"}}`, and the status.
func expectError(
    _ reply: Reply, _ status: HTTPResponse.Status, code: String? = nil, field: String? = nil, fieldCode: String? = nil,
    messageContains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "\(reply)", sourceLocation: sourceLocation)
    #expect(Set(reply.object.keys) == ["error"], "\(reply)", sourceLocation: sourceLocation)
    let inner = reply.object["error"] as? [String: Any] ?? [:]
    #expect(Set(inner.keys) == ["code", "message", "fields"], "\(reply)", sourceLocation: sourceLocation)
    #expect(ErrorCode(rawValue: reply.errorCode ?? "") != nil, "a code the contract lists: \(reply)", sourceLocation: sourceLocation)
    #expect(!reply.errorMessage.isEmpty, "\(reply)", sourceLocation: sourceLocation)
    let fields = inner["fields"] as? [String: Any]
    #expect(fields != nil, "\(reply)", sourceLocation: sourceLocation)
    for (name, value) in fields ?? [:] {
        let problem = value as? [String: Any] ?? [:]
        #expect(Set(problem.keys) == ["code", "message", "params"], "\(name): \(reply)", sourceLocation: sourceLocation)
        #expect(FieldErrorCode(rawValue: problem["code"] as? String ?? "") != nil, "\(name): \(reply)", sourceLocation: sourceLocation)
        #expect(!(problem["message"] as? String ?? "").isEmpty, "\(name): \(reply)", sourceLocation: sourceLocation)
        #expect(problem["params"] is [String: Any], "\(name): \(reply)", sourceLocation: sourceLocation)
    }
    #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    if let code { #expect(reply.errorCode == code, "\(reply)", sourceLocation: sourceLocation) }
    if let field { #expect(reply.errorFields[field] != nil, "\(reply)", sourceLocation: sourceLocation) }
    if let field, let fieldCode { #expect(reply.errorFieldCodes[field] == fieldCode, "\(reply)", sourceLocation: sourceLocation) }
    if let messageContains {
        #expect(reply.errorMessage.lowercased().contains(messageContains.lowercased()), "\(reply)", sourceLocation: sourceLocation)
    }
}
