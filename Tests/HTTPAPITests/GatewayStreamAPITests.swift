import Foundation
import HangarTesting
import Storage
import Testing

/// Streamed chat completions through the gateway: each event relayed with the client's model
/// name, the usage chunk asked for upstream and passed on only when the client asked, a failure
/// mid-stream sent as an error event, and a client that leaves stopping the upstream stream.
@Suite struct GatewayStreamAPITests {
    /// The JSON payloads of a stream's `data:` lines, `[DONE]` left out.
    static func chunks(_ text: String) -> [[String: Any]] {
        text.components(separatedBy: "\n").compactMap { line -> [String: Any]? in
            guard line.hasPrefix("data: "), line != "data: [DONE]" else { return nil }
            return try? JSON.object(Data(line.dropFirst(6).utf8))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func eventsAreRelayedWithTheClientsNameAndCounted(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(engine) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                let name = "\(setup.providerID)/gpt-4o"
                let reply = try await setup.chat(secret, model: name, extra: ["stream": true])
                #expect(reply.status == .ok && reply.headers[.contentType]?.hasPrefix("text/event-stream") == true, "\(reply)")
                #expect(reply.text.hasSuffix("data: [DONE]\n\n"), "\(reply.text)")
                let chunks = Self.chunks(reply.text)
                #expect(chunks.count >= 3 && chunks.allSatisfy { $0["model"] as? String == name }, "\(chunks)")
                #expect(!chunks.contains { ($0["choices"] as? [Any])?.isEmpty == true }, "the usage chunk the client did not ask for")
                let text = chunks.compactMap {
                    (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String
                }
                .joined()
                #expect(text == "Hello from the fake model, happy to help with your request.", "\(text)")

                let sent = String(decoding: try #require(upstream.requests.last).body, as: UTF8.self)
                #expect(sent.contains(#""stream_options":{"include_usage":true}"#), "asked upstream for usage: \(sent)")
                let record = try #require(try await setup.records().first)
                #expect(record["estimated"] as? Bool == false && record["status"] as? String == "ok", "\(record)")
                #expect(record["output_tokens"] as? Int == 11)

                let counted = try await setup.chat(secret, extra: ["stream": true, "stream_options": ["include_usage": true]])
                let usage = try #require(Self.chunks(counted.text).last)
                #expect(
                    (usage["choices"] as? [Any])?.isEmpty == true && (usage["usage"] as? [String: Any])?["completion_tokens"] as? Int == 11)
            }
        }
    }

    @Test func aFailureMidStreamReachesTheClientAsAnErrorEvent() async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(.sqlite) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                upstream.completions.streamBehaviour = FakeStreamBehaviour(pieces: 6, failAfterPieces: 2)
                let reply = try await setup.chat(secret, extra: ["stream": true])
                #expect(reply.status == .ok)
                let chunks = Self.chunks(reply.text)
                #expect(chunks.last?["error"] is [String: Any], "\(reply.text)")
                let record = try #require(try await setup.records().first)
                #expect(record["status"] as? String == "error" && record["estimated"] as? Bool == true, "\(record)")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aClientThatLeavesStopsTheUpstreamAndIsRecorded(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o"]) { upstream in
            try await TestServer.withApp(engine, .live) { api in
                let setup = try await GatewaySetup.make(api, baseURL: upstream.server.baseURL)
                let secret = try await setup.key()
                upstream.completions.streamBehaviour = FakeStreamBehaviour(pieces: 200, pause: .milliseconds(50))
                let port = try #require(api.client.port)
                let connection = try await RawConnection.open(port: port)
                let body = #"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Tell me a long story"}]}"#
                try await connection.send(
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(secret)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                _ = try await connection.receive(until: "\"content\":\"")
                await connection.close()

                let ended = try #require(await upstream.completions.waitForStreamEnds(1).first)
                #expect(ended.end == .clientDisconnected && ended.piecesSent < 200, "\(ended)")
                var records: [[String: Any]] = []
                for _ in 0..<250 where records.isEmpty {
                    records = try await setup.records()
                    if records.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                }
                let record = try #require(records.first, "the cancelled call is recorded")
                #expect(record["status"] as? String == "cancelled" && record["estimated"] as? Bool == true, "\(record)")
                #expect((record["output_tokens"] as? Int ?? -1) >= 0)
            }
        }
    }
}
