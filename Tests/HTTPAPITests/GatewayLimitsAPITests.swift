import Foundation
import HangarTesting
import Storage
import Testing

/// The key's own limits and budget, and the upstream's refusals, as a client of `/v1` sees
/// them: 429 with `Retry-After`, `budget_exceeded` with the period's end, an upstream 429
/// retried before anything was sent, and the connection's own failures kept from the client.
@Suite struct GatewayLimitsAPITests {
    @Test(arguments: TestDatabases.engines)
    func aKeysRequestsPerMinuteAreCountedAndTheRestRefusedWithRetryAfter(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(engine) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key(["rpm_limit": 3])
                for _ in 0..<3 { #expect(try await setup.chat(secret).status == .ok) }
                let refused = try await setup.chat(secret)
                #expect(refused.status == .tooManyRequests, "\(refused)")
                let seconds = try #require(refused.headers[.retryAfter].flatMap(Int.init))
                #expect((1...60).contains(seconds))
                let error = GatewaySetup.openAIError(refused)
                #expect(error["code"] as? String == "rate_limited" && error["type"] as? String == "rate_limit_error")
                #expect(upstream.completions.calls == 3, "a refused call never reaches the upstream")
                #expect(try await setup.records().count == 3)
                // Another key is not held back by this one's limit.
                #expect(try await setup.chat(try await setup.key()).status == .ok)
            }
        }
    }

    @Test func aKeysParallelCallsAreCapped() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key(["max_parallel": 1])
                upstream.completions.hold()
                async let first = setup.chat(secret)
                await upstream.completions.waitForInFlight(1)
                let second = try await setup.chat(secret)
                #expect(second.status == .tooManyRequests && second.headers[.retryAfter] != nil, "\(second)")
                upstream.completions.release()
                #expect(try await first.status == .ok)
                #expect(try await setup.chat(secret).status == .ok, "the slot is free again")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSpentBudgetIsRefusedUntilItsPeriodEnds(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(engine) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                // One call costs about 0.00013 $ (8 tokens in at 2.5 $/M, 11 out at 10 $/M).
                let secret = try await setup.key(["budget_usd": 0.0002, "budget_period": "day"])
                #expect(try await setup.chat(secret).status == .ok)
                #expect(try await setup.chat(secret).status == .ok, "still under the budget when it started")
                let refused = try await setup.chat(secret)
                #expect(refused.status == .tooManyRequests, "\(refused)")
                let error = GatewaySetup.openAIError(refused)
                #expect(error["code"] as? String == "budget_exceeded")
                let seconds = try #require(refused.headers[.retryAfter].flatMap(Int.init))
                #expect((1...86_400).contains(seconds), "until the next UTC midnight")
                let key = try #require(try await api.get("/api/keys").items.first)
                let spent = try #require(key["spent_usd"] as? Double)
                #expect(spent >= 0.0002 && spent < 0.0002 + 0.00014, "overspent by at most one call: \(spent)")
                #expect((key["period_ends_at"] as? String)?.hasSuffix("T00:00:00.000Z") == true, "\(key)")
                #expect(upstream.completions.calls == 2)
            }
        }
    }

    @Test func aBudgetNeedsPricesToBeKept() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL, model: [:])
                let budgeted = try await setup.key(["budget_usd": 5, "budget_period": "month"])
                let refused = try await setup.chat(budgeted)
                #expect(refused.status == .forbidden && GatewaySetup.openAIError(refused)["code"] as? String == "model_unpriced")
                // Without a budget the call goes, and its cost stays unknown rather than $0.
                let free = try await setup.chat(try await setup.key())
                #expect(free.status == .ok)
                let record = try #require(try await setup.records().first)
                #expect(record["cost_usd"] is NSNull && record["input_tokens"] is Int)
            }
        }
    }

    @Test func anUpstream429IsRetriedBeforeAnythingIsSent() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                upstream.completions.rateLimit(next: 2, retryAfter: nil, retryAfterMilliseconds: 20)
                let reply = try await setup.chat(secret)
                #expect(reply.status == .ok, "\(reply)")
                #expect(upstream.completions.calls == 3)
                #expect(try await setup.records().count == 1, "one call, however many tries")

                upstream.completions.rateLimit(next: 10, retryAfter: "120")
                let refused = try await setup.chat(secret)
                #expect(refused.status == .tooManyRequests, "past the retry policy's wait, the upstream's 429 is the answer")
                #expect(refused.headers[.retryAfter] == "120")
                #expect(GatewaySetup.openAIError(refused)["code"] as? String == "rate_limit_exceeded")
            }
        }
    }

    @Test func theConnectionsOwnFailuresAreNotTheClients() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL, key: "sk-wrong-key-0123456789")
                let secret = try await setup.key()
                let refused = try await setup.chat(secret)
                #expect(refused.status == .badGateway, "an upstream 401 is the admin's to fix: \(refused)")
                let error = GatewaySetup.openAIError(refused)
                #expect(error["code"] as? String == "upstream_unauthorized")
                #expect(!refused.text.contains("sk-wrong-key"), "the connection's key never reaches the client")

                let unknown = try await setup.chat(secret, model: setup.modelID, extra: ["max_tokens": 0])
                #expect(unknown.status == .badGateway || unknown.status == .badRequest)

                let unreachable = try await withUnreachableBaseURL { url in
                    let down = try await GatewaySetup.make(api, baseURL: url, apiName: "gpt-x")
                    return try await down.chat(secret, model: "gpt-x")
                }
                #expect(unreachable.status == .badGateway, "\(unreachable)")
                #expect(GatewaySetup.openAIError(unreachable)["code"] as? String == "upstream_unreachable")
                let statuses = try await setup.records().compactMap { $0["status"] as? String }
                #expect(statuses.allSatisfy { $0 == "error" } && statuses.count == 3, "\(statuses)")
            }
        }
    }
}
