import Foundation
import HangarTesting
import Storage
import Testing

/// Two replicas on one PostgreSQL share each key's limits and budget through the database
/// alone: no replica can let through what the other already used.
@Suite(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs HANGAR_TEST_POSTGRES_URL (scripts/test sets it)"))
struct GatewayReplicaTests {
    /// Runs `calls` chat calls, `parallel` at a time, alternating between the replicas.
    static func burst(_ replicas: [GatewaySetup], secret: String, calls: Int, parallel: Int) async throws -> [Reply] {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            var replies: [Reply] = []
            for index in 0..<calls {
                if index >= parallel, let reply = try await group.next() { replies.append(reply) }
                let replica = replicas[index % replicas.count]
                group.addTask { try await replica.chat(secret) }
            }
            for try await reply in group { replies.append(reply) }
            return replies
        }
    }

    @Test func aKeyWithSixtyRequestsPerMinuteGetsExactlySixtyAcrossBothReplicas() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            let location = try await TestDatabases.makeLocation(.postgres)
            try await TestServer.withApp(location) { first in
                try await TestServer.withApp(location) { second in
                    let setup = try await GatewaySetup.make(first, baseURL: upstream.server.baseURL)
                    let secret = try await setup.key(["rpm_limit": 60])
                    let other = GatewaySetup(api: second, providerID: setup.providerID, modelID: setup.modelID)
                    let replies = try await Self.burst([setup, other], secret: secret, calls: 90, parallel: 8)
                    let ok = replies.filter { $0.status == .ok }.count
                    let limited = replies.filter { $0.status == .tooManyRequests && $0.headers[.retryAfter] != nil }.count
                    #expect(ok == 60 && limited == 30, "ok \(ok), limited \(limited): \(replies.map(\.status.code))")
                    #expect(upstream.completions.calls == 60)
                }
            }
        }
    }

    @Test func aRevokedKeyIsRefusedOnTheOtherReplicaWithinASecond() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            let location = try await TestDatabases.makeLocation(.postgres)
            try await TestServer.withApp(location) { first in
                try await TestServer.withApp(location) { second in
                    let setup = try await GatewaySetup.make(first, baseURL: upstream.server.baseURL)
                    let created = try await first.post("/api/keys", ["name": "Leaving"])
                    let secret = try #require(created.object["secret"] as? String)
                    let other = GatewaySetup(api: second, providerID: setup.providerID, modelID: setup.modelID)
                    #expect(try await other.chat(secret).status == .ok, "the second replica knows the key")
                    let revoked = ContinuousClock.now
                    #expect(try await first.delete("/api/keys/\(created.id)").status == .ok)
                    var status = try await other.chat(secret).status
                    while status == .ok && ContinuousClock.now - revoked < .seconds(2) {
                        status = try await other.chat(secret).status
                    }
                    let took = ContinuousClock.now - revoked
                    #expect(status == .unauthorized && took < .seconds(1), "refused after \(took)")
                }
            }
        }
    }

    @Test func aBudgetIsNeverOverspentByMoreThanOneCall() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            let location = try await TestDatabases.makeLocation(.postgres)
            try await TestServer.withApp(location) { first in
                try await TestServer.withApp(location) { second in
                    let setup = try await GatewaySetup.make(first, baseURL: upstream.server.baseURL)
                    let budget = 0.002
                    let secret = try await setup.key(["budget_usd": budget, "budget_period": "total"])
                    let other = GatewaySetup(api: second, providerID: setup.providerID, modelID: setup.modelID)
                    let replies = try await Self.burst([setup, other], secret: secret, calls: 60, parallel: 8)
                    let ok = replies.filter { $0.status == .ok }.count
                    // Each replica records its calls just after answering them, and a read waits
                    // for the replica's own: reading through both sees every call.
                    _ = try await second.get("/api/usage")
                    let costs = try await setup.records().compactMap { $0["cost_usd"] as? Double }
                    let spent = costs.reduce(0, +)
                    let mostExpensive = costs.max() ?? 0
                    #expect(ok == costs.count && ok >= Int(budget / mostExpensive), "ok \(ok), costs \(costs.count)")
                    #expect(spent <= budget + mostExpensive + 1e-12, "spent \(spent) of \(budget)")
                    #expect(replies.allSatisfy { $0.status == .ok || $0.status == .tooManyRequests })
                    let key = try #require(try await second.get("/api/keys").items.first)
                    #expect(abs((key["spent_usd"] as? Double ?? 0) - spent) < 1e-12)
                }
            }
        }
    }
}
