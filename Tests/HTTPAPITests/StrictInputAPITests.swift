import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// Input that used to be taken loosely: prices finer than the millionth, JSON keys given
/// twice, hosts named in the request target or twice, and usage ranges the contract allows.
@Suite struct StrictInputAPITests {
    @Test(arguments: TestDatabases.engines)
    func aPriceFinerThanTheMillionthIsRefusedNotRounded(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            for price in [0.0000001, 2.0000005, 1e-300] {
                let created = try await api.send(
                    .post, "/api/models",
                    json: [
                        "provider_id": "openai", "name": "Fine", "api_name": "fine", "cost_input_per_million": price,
                    ])
                expectError(created, .unprocessableContent, code: "validation_failed", field: "cost_input_per_million")
                #expect(created.errorFields["cost_input_per_million"] == "Cost must have at most 6 decimal places.")
                #expect(created.errorFieldCodes["cost_input_per_million"] == "too_many_decimals")
                #expect(created.errorFieldParams["cost_input_per_million"]?["places"] as? Int == 6)
            }
            #expect(try await api.get("/api/models?text=Fine").items.isEmpty)

            let model = try await api.createModel(
                "Priced", ["cost_input_per_million": 0.000001, "cost_output_per_million": 999_999.999999])
            #expect(model.object["cost_input_per_million"] as? Double == 0.000001)
            let patched = try await api.patch("/api/models/\(model.id)", ["cost_output_per_million": 0.1234567])
            expectError(patched, .unprocessableContent, field: "cost_output_per_million")
            #expect(try await api.get("/api/models/\(model.id)").object["cost_output_per_million"] as? Double == 999_999.999999)
            // Binary noise in a JSON number is not a seventh decimal.
            let noisy = try await api.send(.patch, "/api/models/\(model.id)", raw: #"{"cost_output_per_million": 0.30000000000000004}"#)
            #expect(noisy.status == .ok, "\(noisy)")
            #expect(noisy.object["cost_output_per_million"] as? Double == 0.3)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aJSONKeyGivenTwiceIsRefused(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let cases: [(body: String, path: String, field: String)] = [
                (#"{"provider_id":"openai","name":"One","name":"Two","api_name":"twice"}"#, "/api/models", "name"),
                (#"{"provider_id":"openai","name":"One","api_name":"twice","n\u0061me":"Two"}"#, "/api/models", "name"),
                (
                    #"{"format":"hangar-configuration","version":1,"models":[{"id":"a"},{"id":"b","id":"c"}]}"#, "/api/import?dry_run=true",
                    "models[1].id"
                ),
                (#"{"default_models":{"chat":null,"chat":"x"}}"#, "/api/settings", "default_models.chat"),
            ]
            for (body, path, field) in cases {
                let method: HTTPRequest.Method = path == "/api/settings" ? .put : .post
                expectError(try await api.send(method, path, raw: body), .badRequest, code: "duplicate_key", field: field)
            }
            #expect(try await api.get("/api/models?text=twice").items.isEmpty)
            // The same key in two objects, or inside a string, is fine.
            let fine = try await api.send(
                .post, "/api/models", raw: #"{"provider_id":"openai","name":"name, \"name\": x","api_name":"fine-keys"}"#)
            #expect(fine.status == .created, "\(fine)")
        }
    }

    @Test func duplicateKeysAreFoundWherever() {
        #expect(DuplicateKeys.first(in: Array(#"{"a":1,"b":{"a":2}}"#.utf8)) == nil)
        #expect(DuplicateKeys.first(in: Array(#"{"a":1,"b":{"c":2,"c":3}}"#.utf8)) == "b.c")
        #expect(DuplicateKeys.first(in: Array(#"[{"a":1},{"a":2,"a":3}]"#.utf8)) == "[1].a")
        #expect(DuplicateKeys.first(in: Array(#"{"x":[[{"k":1,"k":2}]]}"#.utf8)) == "x[0][0].k")
        #expect(DuplicateKeys.first(in: Array(#"{"\ud83d\ude00":1,"😀":2}"#.utf8)) == "😀")
        #expect(DuplicateKeys.first(in: Array(#"{"a":"{\"a\":1,\"a\":2}","b":"a"}"#.utf8)) == nil)
        #expect(DuplicateKeys.first(in: Array(#"{"a":1,"#.utf8)) == nil, "malformed JSON is the decoder's to report")
    }

    @Test(arguments: TestDatabases.engines)
    func usageRangesAreWhatTheContractAllows(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let ancient = try await api.get("/api/usage?from=0000-01-01")
            #expect(ancient.status == .ok, "\(ancient)")
            #expect(ancient.object["from"] as? String == "0000-01-01")
            let backwards = try await api.get("/api/usage?from=2026-03-11&to=2026-03-10")
            #expect(backwards.status == .ok, "\(backwards)")
            #expect((backwards.object["days"] as? [Any])?.isEmpty == true)
            expectError(try await api.get("/api/usage?from=2026-02-30"), .unprocessableContent, field: "from")
            // An id with a NUL names nothing (PostgreSQL cannot even compare it): no calls, not a 500.
            for path in ["/api/usage?model_id=a%00b", "/api/usage?key_id=%00", "/api/usage/records?model_id=a%00b"] {
                let reply = try await api.get(path)
                #expect(reply.status == .ok, "\(path): \(reply)")
            }
        }
    }

    /// Sends raw request heads over a real connection to a live server.
    @Test(arguments: TestDatabases.engines)
    func hostsNamedInTheTargetOrTwiceAreChecked(_ engine: DatabaseEngine) async throws {
        try await TestServer.withLiveServer(engine) { port in
            func send(_ head: String) async throws -> String {
                let connection = try await RawConnection.open(port: port)
                defer { Task { await connection.close() } }
                try await connection.send(head + "Authorization: Bearer \(TestServer.token)\r\nConnection: close\r\n\r\n")
                return try await connection.receive(until: "\r\n\r\n")
            }
            let foreign = try await send("GET http://evil.example/api/models?limit=1 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n")
            #expect(foreign.hasPrefix("HTTP/1.1 403"), "\(foreign.prefix(200))")
            let local = try await send("GET http://127.0.0.1:\(port)/api/models?limit=1 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n")
            #expect(local.hasPrefix("HTTP/1.1 200"), "\(local.prefix(200))")
            let twice = try await send("GET /api/models?limit=1 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: 127.0.0.1:\(port)\r\n")
            #expect(twice.hasPrefix("HTTP/1.1 400"), "\(twice.prefix(200))")
            let twiceForeign = try await send("GET /health HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: evil.example\r\n")
            #expect(twiceForeign.hasPrefix("HTTP/1.1 400"), "\(twiceForeign.prefix(200))")
        }
    }
}
