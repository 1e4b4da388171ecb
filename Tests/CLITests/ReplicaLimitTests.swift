import Foundation
import HangarTesting
import Storage
import Testing

/// A connection's `max_parallel` holds across two `hangar serve` processes on one PostgreSQL.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ReplicaLimitTests {
    @Test(.enabled(if: TestDatabases.postgresAdminURL != nil, "needs the PostgreSQL server of scripts/test"))
    func maxParallelIsSharedByTwoReplicas() async throws {
        try await FakeOpenAI.withServer { upstream in
            upstream.completions.latency = .milliseconds(100)
            let location = try await TestDatabases.makeLocation(.postgres)
            let a = try await ServeProcess.start(
                dataDirectory: location.dataDirectory, databaseURL: location.databaseURL, hubEndpoint: "http://127.0.0.1:9")
            let b = try await ServeProcess.start(
                dataDirectory: location.dataDirectory, databaseURL: location.databaseURL, hubEndpoint: "http://127.0.0.1:9")
            do {
                let apiA = LiveHTTP(url: a.url, token: CLIFixture.token)
                let apiB = LiveHTTP(url: b.url, token: CLIFixture.token)
                let provider = try await apiA.send(
                    .POST, "/api/providers",
                    json: """
                        {"kind":"openai-compatible","name":"Shared","base_url":"\(upstream.server.baseURL)",\
                        "api_key":"\(FakeOpenAI.defaultKey)","max_parallel":2}
                        """)
                let providerID = try #require(try provider.json()["id"] as? String, "\(provider)")
                let model = try await apiB.send(
                    .POST, "/api/models", json: #"{"provider_id":"\#(providerID)","name":"Shared 4o","api_name":"gpt-4o"}"#)
                let modelID = try #require(try model.json()["id"] as? String, "\(model)")
                upstream.completions.hold()
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<10 {
                        let api = index.isMultiple(of: 2) ? apiA : apiB
                        group.addTask { try await api.send(.POST, "/api/models/\(modelID)/test", json: "{}").status }
                    }
                    // Two answers held, one per replica or both on one: the eight others wait their turn.
                    await upstream.completions.waitForInFlight(2)
                    try await Task.sleep(for: .milliseconds(500))  // room for a third call, were the limit per process
                    #expect(upstream.completions.calls == 2)
                    upstream.completions.release()
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: 200, count: 10))
                #expect(upstream.completions.calls == 10)
                #expect(upstream.completions.maxInFlight == 2, "two replicas, one limit")
                await a.stop()
                await b.stop()
            } catch {
                await a.stop()
                await b.stop()
                throw error
            }
        }
    }
}
