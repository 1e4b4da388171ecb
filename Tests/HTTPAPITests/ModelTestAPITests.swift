import App
import Foundation
import HangarTesting
import Storage
import Testing

/// `POST /api/models/{id}/test` on a live server against fake upstreams over real HTTP.
@Suite struct ModelTestAPITests {
    struct Live: Sendable {
        let http: LiveHTTP

        func post(_ path: String, _ json: String = "{}") async throws -> LiveHTTP.Answer { try await http.send(.POST, path, json: json) }

        func connection(kind: String = "openai-compatible", baseURL: String, key: String? = FakeOpenAI.defaultKey, limits: String = "")
            async throws -> String
        {
            let keyField = key.map { #","api_key":"\#($0)""# } ?? ""
            let answer = try await post(
                "/api/providers",
                #"{"kind":"\#(kind)","name":"\#(kind) \#(UUID().uuidString.prefix(6))","base_url":"\#(baseURL)"\#(keyField)\#(limits)}"#)
            try #require(answer.status == 201, "\(answer)")
            return try #require(try answer.json()["id"] as? String)
        }

        func model(provider: String, apiName: String = "gpt-4o", prices: String = "") async throws -> String {
            let answer = try await post(
                "/api/models",
                #"{"provider_id":"\#(provider)","name":"M \#(UUID().uuidString.prefix(6))","api_name":"\#(apiName)"\#(prices)}"#)
            try #require(answer.status == 201, "\(answer)")
            return try #require(try answer.json()["id"] as? String)
        }

        func test(_ model: String, _ body: String = #"{"prompt":"Say hello to the admin","max_tokens":5}"#) async throws -> LiveHTTP.Answer
        {
            try await post("/api/models/\(model)/test", body)
        }
    }

    static func run(_ engine: DatabaseEngine = .sqlite, _ body: @escaping @Sendable (Live) async throws -> Void) async throws {
        try await TestServer.withLiveServer(engine) { port in
            try await body(Live(http: LiveHTTP(url: "http://127.0.0.1:\(port)", token: TestServer.token)))
        }
    }

    /// "Say hello to the admin" is 5 words + the fake's overhead of 7; 5 tokens answered.
    static let expectedInput = 12
    static let expectedOutput = 5

    @Test(arguments: TestDatabases.engines)
    func aTestPromptAnswersAndRecordsUsageWithThePricesOfTheDay(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run(engine) { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL)
                let model = try await live.model(provider: provider, prices: #","cost_input_per_million":2.5,"cost_output_per_million":10"#)
                let answer = try await live.test(model)
                #expect(answer.status == 200, "\(answer)")
                let result = try answer.json()
                #expect(result["text"] as? String == "Hello from the fake model,")
                #expect(result["input_tokens"] as? Int == Self.expectedInput)
                #expect(result["output_tokens"] as? Int == Self.expectedOutput)
                #expect(result["finish_reason"] as? String == "length")
                #expect(result["attempts"] as? Int == 1)
                #expect(result["warning"] is NSNull)
                // 12 × 2.5 / 1e6 + 5 × 10 / 1e6 = 0.00008 exactly.
                #expect(answer.text.contains(#""cost_usd":0.00008"#), "\(answer)")
                let sent = try #require(upstream.server.requests.last { $0.path == "/v1/chat/completions" })
                let body = try JSON.object(Data(sent.body))
                #expect(body["model"] as? String == "gpt-4o" && body["max_tokens"] as? Int == 5)

                let stored = try await live.http.send(.GET, "/api/models/\(model)").json()
                #expect(stored["last_used_at"] as? String == result["tested_at"] as? String)

                // A new price applies to new calls only: the first record keeps its cost.
                let patched = try await live.http.send(.PATCH, "/api/models/\(model)", json: #"{"cost_input_per_million":100}"#)
                #expect(patched.status == 200, "\(patched)")
                #expect(try await live.test(model).status == 200)
                let records = try await live.http.send(.GET, "/api/usage/records?model_id=\(model)")
                #expect(records.text.contains(#""cost_usd":0.00008"#), "\(records)")
                #expect(records.text.contains(#""cost_usd":0.00125"#), "12 × 100 / 1e6 + 5 × 10 / 1e6: \(records)")
                let list = try records.json()["records"] as? [[String: Any]] ?? []
                #expect(list.count == 2)
                #expect(list.last?["cost_input_per_million"] as? Double == 2.5)

                let usage = try await live.http.send(.GET, "/api/usage?model_id=\(model)")
                #expect(usage.text.contains(#""cost_usd":0.00133"#), "\(usage)")
                let days = try usage.json()["days"] as? [[String: Any]] ?? []
                #expect(days.count == 1 && days.first?["calls"] as? Int == 2 && days.first?["input_tokens"] as? Int == 24)
            }
        }
    }

    @Test func anUnknownPriceIsUnknownNeverZero() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL)
                let model = try await live.model(provider: provider, prices: #","cost_input_per_million":1"#)
                let result = try await live.test(model).json()
                #expect(result["cost_usd"] is NSNull)
                #expect(result["cost_output_per_million"] is NSNull)
                let totals = try await live.http.send(.GET, "/api/usage").json()["totals"] as? [String: Any]
                #expect(totals?["cost_usd"] is NSNull && totals?["unpriced_calls"] as? Int == 1)
            }
        }
    }

    @Test func aDeprecatedModelAnswersWithAWarningNamingItsReplacement() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL)
                let new = try await live.model(provider: provider, apiName: "gpt-4o")
                let old = try await live.model(provider: provider, apiName: "gpt-4o-mini")
                let deprecated = try await live.post("/api/models/\(old)/deprecate", #"{"replacement_model_id":"\#(new)"}"#)
                #expect(deprecated.status == 200, "\(deprecated)")
                let result = try await live.test(old).json()
                let warning = try #require(result["warning"] as? [String: Any], "\(result)")
                #expect(warning["code"] as? String == "model_deprecated")
                #expect(warning["replacement_model_id"] as? String == new)
                #expect(result["text"] as? String != nil)
            }
        }
    }

    @Test func everyKindSpeaksItsOwnAPI() async throws {
        try await FakeOpenAI.withServer { mistral in
            try await FakeAzureOpenAI.withServer { azure in
                try await FakeOllama.withServer { ollama in
                    try await Self.run { live in
                        let cases: [(String, String, String?, String)] = [
                            ("mistral", mistral.server.baseURL, FakeOpenAI.defaultKey, "gpt-4o"),
                            ("azure-openai", azure.server.baseURL, FakeAzureOpenAI.defaultKey, "chat"),
                            ("ollama", ollama.server.baseURL, nil, "llama3.2:latest"),
                        ]
                        for (kind, url, key, apiName) in cases {
                            let provider = try await live.connection(kind: kind, baseURL: url, key: key)
                            let model = try await live.model(provider: provider, apiName: apiName)
                            let answer = try await live.test(model)
                            #expect(answer.status == 200, "\(kind): \(answer)")
                            #expect(try answer.json()["output_tokens"] as? Int == Self.expectedOutput, "\(kind)")
                        }
                        #expect(mistral.completions.calls == 1 && azure.completions.calls == 1 && ollama.completions.calls == 1)
                        #expect(azure.server.requests.contains { $0.path == "/openai/deployments/chat/chat/completions" })
                        #expect(ollama.server.requests.contains { $0.path == "/api/chat" })
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func maxParallelBoundsTheCallsInFlight(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer { upstream in
            upstream.completions.latency = .milliseconds(100)
            upstream.completions.hold()
            try await Self.run(engine) { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL, limits: #","max_parallel":2"#)
                let model = try await live.model(provider: provider)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<6 { group.addTask { try await live.test(model).status } }
                    // The first two answers are held: the four others must wait, not join them.
                    await upstream.completions.waitForInFlight(2)
                    try await Task.sleep(for: .milliseconds(500))  // room for a third call, were the limit broken
                    #expect(upstream.completions.calls == 2)
                    upstream.completions.release()
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: 200, count: 6))
                #expect(upstream.completions.maxInFlight == 2)
                #expect(upstream.completions.calls == 6)
            }
        }
    }

    @Test func anRPMLimitRefusesTheCallThatWouldExceedIt() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL, limits: #","rpm_limit":2"#)
                let model = try await live.model(provider: provider)
                #expect(try await live.test(model).status == 200)
                #expect(try await live.test(model).status == 200)
                let started = ContinuousClock.now
                let third = try await live.test(model)
                #expect(third.status == 429, "\(third)")
                #expect(third.text.contains("rate_limited"))
                #expect(ContinuousClock.now - started < .seconds(20), "a minute's wait is refused, not slept")
                #expect(upstream.completions.calls == 2, "the refused call never reached the upstream")
            }
        }
    }

    @Test func a429WithRetryAfterIsRetriedAndThenSucceeds() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL)
                let model = try await live.model(provider: provider)
                upstream.completions.rateLimit(next: 1, retryAfter: "1")
                let answer = try await live.test(model)
                #expect(answer.status == 200, "\(answer)")
                let result = try answer.json()
                #expect(result["attempts"] as? Int == 2)
                #expect((result["waited_ms"] as? Int ?? 0) >= 1000)
                #expect(upstream.completions.calls == 2)
                let arrivals = upstream.completions.arrivals
                #expect(arrivals[1] - arrivals[0] >= .milliseconds(990), "Retry-After: 1 was honoured")
            }
        }
    }

    @Test func a429AskingForTooLongIsReportedAsRateLimited() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL)
                let model = try await live.model(provider: provider)
                upstream.completions.rateLimit(next: 5, retryAfter: "120")
                let answer = try await live.test(model)
                #expect(answer.status == 429, "\(answer)")
                let error = try answer.json()["error"] as? [String: Any]
                #expect(error?["code"] as? String == "rate_limited")
                #expect(upstream.completions.calls == 1)
                let totals = try await live.http.send(.GET, "/api/usage").json()["totals"] as? [String: Any]
                #expect(totals?["calls"] as? Int == 0, "a refused call records no usage")
            }
        }
    }

    @Test func refusalsAreClearAndNeverLeakTheKey() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL, key: "sk-wrong-key-SECRET-999")
                let model = try await live.model(provider: provider)
                let unauthorized = try await live.test(model)
                #expect(unauthorized.status == 409, "\(unauthorized)")
                #expect(unauthorized.text.contains("upstream_unauthorized"))
                #expect(!unauthorized.text.contains("SECRET-999") && !unauthorized.text.contains("sk-wrong"))

                let good = try await live.connection(baseURL: upstream.server.baseURL)
                let missing = try await live.model(provider: good, apiName: "no-such-model")
                #expect(try await live.test(missing).status == 409)

                let valid = try await live.model(provider: good)
                for (body, field) in [(#"{"max_tokens":0}"#, "max_tokens"), (#"{"prompt":"   "}"#, "prompt")] {
                    let answer = try await live.test(valid, body)
                    #expect(answer.status == 422, "\(answer)")
                    #expect(((try answer.json()["error"] as? [String: Any])?["fields"] as? [String: Any])?[field] != nil)
                }
                #expect(try await live.test(valid, #"{"promt":"x"}"#).status == 400)
                #expect(try await live.test("no-such-id").status == 404)
                #expect(try await live.post("/api/models/local-qwen3-0.6b-q4_0/test").status == 409)
                _ = try await live.http.send(.PATCH, "/api/providers/\(good)", json: #"{"enabled":false}"#)
                let disabled = try await live.test(valid)
                #expect(disabled.status == 409 && disabled.text.contains("provider_disabled"), "\(disabled)")
                #expect(upstream.completions.calls == 2, "refused requests never reach the upstream")
            }
        }
    }
    @Test func aConnectionTestsCompletionCountsAgainstTheSameLimits() async throws {
        try await FakeOpenAI.withServer { upstream in
            try await Self.run { live in
                let provider = try await live.connection(baseURL: upstream.server.baseURL, limits: #","rpm_limit":1"#)
                let model = try await live.model(provider: provider)
                #expect(try await live.test(model).status == 200)
                let check = try await live.post("/api/providers/\(provider)/test", #"{"completion":true,"model_id":"\#(model)"}"#)
                #expect(check.status == 200, "a failed test is still a test: \(check)")
                let result = try check.json()
                #expect(result["success"] as? Bool == false)
                #expect(result["stage"] as? String == "completion")
                #expect(result["error_code"] as? String == "rate_limited")
                #expect(upstream.completions.calls == 1)
            }
        }
    }
}
