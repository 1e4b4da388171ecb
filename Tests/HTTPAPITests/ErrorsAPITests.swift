import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Bad input is always a 4xx with the one error shape, never a 5xx.
@Suite struct ErrorsAPITests {
    @Test(arguments: TestDatabases.engines)
    func malformedBodiesAre400WithTheField(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let id = try await api.createModel("Target", provider: "openai").id
            let create = #"{"provider_id": "openai", "name": "N", "api_name": "n""#
            // (raw body, field blamed or nil)
            let cases: [(String, String?)] = [
                (create, nil),  // truncated JSON
                ("{not json}", nil),
                (create + #", "context_window": "big"}"#, "context_window"),
                (create + #", "temperature_default": "warm"}"#, "temperature_default"),
                (create + #", "name2": "typo"}"#, "name2"),
                (#"{"provider_id": "openai", "name": null, "api_name": "n"}"#, "name"),
                (create + #", "context_window": null}"#, "context_window"),
                (#"{"provider_id": "openai", "api_name": "n"}"#, "name"),
                (#"{"provider_id": "openai", "name": 5, "api_name": "n"}"#, "name"),
            ]
            for (body, field) in cases {
                let reply = try await api.send(.post, "/api/models", raw: body)
                expectError(reply, .badRequest, field: field)
            }
            let patches: [(String, String?)] = [
                (#"{"name": null}"#, "name"),
                (#"{"is_default": null}"#, "is_default"),
                (#"{"status": "retired"}"#, "status"),
                (#"{"is_builtin": true}"#, "is_builtin"),
                (#"{"context_window": 1e400}"#, nil),
                (#"{"max_output_tokens": 9999999999999999999999}"#, nil),
            ]
            for (body, field) in patches {
                expectError(try await api.send(.patch, "/api/models/\(id)", raw: body), .badRequest, field: field)
            }
            expectError(try await api.send(.patch, "/api/providers/openai", raw: #"{"enabled": null}"#), .badRequest, field: "enabled")
            expectError(try await api.send(.patch, "/api/providers/openai", raw: #"{"kind": "ollama"}"#), .badRequest, field: "kind")
            expectError(
                try await api.send(.post, "/api/models/\(id)/deprecate", raw: #"{"replacement": "x"}"#), .badRequest, field: "replacement")
            // Nothing changed.
            #expect(try await api.get("/api/models/\(id)").object["name"] as? String == "Target")
            #expect(try await api.get("/api/models").object["total"] as? Int == 18)
        }
    }

    /// Arrays, strings, numbers, null, empty bodies and other content types on every route
    /// that takes a body: all 4xx with the error shape.
    @Test(arguments: TestDatabases.engines)
    func nonObjectBodiesAre4xx(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let id = try await api.createModel("Target", provider: "openai").id
            let routes: [(HTTPRequest.Method, String)] = [
                (.post, "/api/models"), (.patch, "/api/models/\(id)"), (.patch, "/api/providers/openai"),
                (.post, "/api/models/\(id)/deprecate"),
            ]
            let bodies = ["[]", "[{}]", "\"text\"", "42", "null", "true", "", " ", "\u{0}"]
            for (method, path) in routes {
                for body in bodies {
                    let reply = try await api.send(method, path, raw: body)
                    if method == .post, path.hasSuffix("/deprecate"), body.trimmingCharacters(in: .whitespaces).isEmpty {
                        // The deprecate body is optional: an empty one means none.
                        #expect(
                            reply.status == .ok || (400..<500).contains(reply.status.code), "\(path) \(body.debugDescription): \(reply)")
                        _ = try await api.post("/api/models/\(id)/restore")
                        continue
                    }
                    #expect((400..<500).contains(reply.status.code), "\(method) \(path) \(body.debugDescription): \(reply)")
                    expectError(reply, reply.status)
                }
                var headers = HTTPFields()
                headers[.contentType] = "text/plain"
                let plain = try await api.send(method, path, raw: "{}", headers: headers)
                #expect((400..<500).contains(plain.status.code), "\(method) \(path) text/plain: \(plain)")
                expectError(plain, plain.status)
            }
            // A required body that is missing altogether.
            for (method, path) in routes.prefix(3) {
                let reply = try await api.send(method, path)
                #expect((400..<500).contains(reply.status.code), "\(method) \(path) without body: \(reply)")
                expectError(reply, reply.status)
            }
            #expect(try await api.get("/api/models/\(id)").object["status"] as? String == "active")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func bodiesOver1MiBAre413(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let filler = String(repeating: "a", count: 1 << 20)
            let big = #"{"provider_id": "openai", "name": "N", "api_name": "n", "hf_repo": "\#(filler)"}"#
            expectError(try await api.send(.post, "/api/models", raw: big), .contentTooLarge, code: "payload_too_large")
            expectError(try await api.send(.patch, "/api/providers/openai", raw: big), .contentTooLarge)
            expectError(try await api.send(.patch, "/api/models/ollama-phi3", raw: big), .contentTooLarge)
            // Exactly 1 MiB is not too large (it is just not a valid model).
            let padding = (1 << 20) - #"{"name": ""}"#.utf8.count
            let exact = #"{"name": "\#(String(repeating: " ", count: padding))"}"#
            #expect(exact.utf8.count == 1 << 20)
            let reply = try await api.send(.patch, "/api/models/ollama-phi3", raw: exact)
            #expect(reply.status != .contentTooLarge, "\(reply.status)")
            #expect((400..<500).contains(reply.status.code))
            #expect(try await api.get("/api/models").object["total"] as? Int == 17)
        }
    }

    /// A streamed body (chunked, no Content-Length) over 1 MiB is refused the same way.
    @Test(arguments: TestDatabases.engines)
    func chunkedBodiesOver1MiBAre413(_ engine: DatabaseEngine) async throws {
        try await TestServer.withLiveServer(engine) { port in
            func post(_ body: Data) async throws -> (Int, Data) {
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/models")!)
                request.httpMethod = "POST"
                request.setValue("Bearer \(TestServer.token)", forHTTPHeaderField: "Authorization")
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBodyStream = InputStream(data: body)
                let (data, response) = try await URLSession.shared.data(for: request)
                return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
            }
            let small = Data(#"{"provider_id": "openai", "name": "Streamed", "api_name": "streamed"}"#.utf8)
            let (created, _) = try await post(small)
            #expect(created == 201, "a streamed body within the limit is read")
            let big = Data(
                (#"{"provider_id": "openai", "name": "Big", "api_name": "big", "hf_repo": ""#
                    + String(repeating: "a", count: (1 << 20) + 1024) + #""}"#).utf8)
            let (status, data) = try await post(big)
            #expect(status == 413)
            let reply = Reply(status: .init(code: status), headers: [.contentType: "application/json"], body: data)
            #expect(reply.errorCode == "payload_too_large", "\(reply)")
        }
    }

    /// The OpenAPI runtime refuses what it cannot read before a handler runs; that is the
    /// client's mistake (400), told in the shared shape, never a 500.
    @Test(arguments: TestDatabases.engines)
    func parametersTheRuntimeCannotReadAre400(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            for path in ["/api/providers/ollama/ollama/library/variants", "/api/providers/ollama/ollama/models/show"] {
                let reply = try await api.get(path)
                expectError(reply, .badRequest, code: "bad_request", messageContains: "The request does not match the API")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func unknownRoutesAndMethods(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let put = try await api.send(.put, "/api/models", raw: "{}")
            expectError(put, .methodNotAllowed, code: "method_not_allowed")
            #expect(put.headers[.allow]?.contains("GET") == true)
            #expect(put.headers[.allow]?.contains("POST") == true)
            expectError(try await api.send(.delete, "/api/providers"), .methodNotAllowed)
            expectError(try await api.send(.post, "/api/providers/openai", raw: "{}"), .methodNotAllowed)
            expectError(try await api.send(.get, "/api/models/ollama-phi3/deprecate"), .methodNotAllowed)
            expectError(try await api.send(.put, "/api/models/ollama-phi3"), .methodNotAllowed)
            expectError(try await api.send(.post, "/health"), .methodNotAllowed)
            expectError(try await api.get("/api/nothing-here"), .notFound, code: "not_found")
            expectError(try await api.get("/api/models/a/b/c"), .notFound)
        }
    }
}
