import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

/// Streamed chat completions (`"stream": true`) as OpenAI and Azure write them, and how tests
/// steer and watch them.
@Suite struct FakeChatStreamTests {
    let auth = [("Authorization", "Bearer \(FakeOpenAI.defaultKey)")]
    let chat = #"{"model":"gpt-4o","messages":[{"role":"user","content":"Name three colours"}],"stream":true"#
    let whole = FakeCompletionReply(contents: ["Name three colours"], maxTokens: nil)

    func stream(_ fake: FakeOpenAI, _ extra: String = "") async throws -> Reply {
        try await send(.POST, fake.baseURL + "/v1/chat/completions", json: chat + extra + "}", headers: auth)
    }

    static func content(_ chunks: [[String: Any]]) -> String {
        chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any])?["content"] as? String }
            .joined()
    }

    @Test func openAIStreamsARoleChunkOnePieceAWordAFinishChunkThenDone() async throws {
        try await FakeOpenAI.withServer { fake in
            let reply = try await stream(fake)
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "content-type") == "text/event-stream; charset=utf-8")
            #expect(reply.text.hasPrefix("data: {") && reply.text.hasSuffix("\n\ndata: [DONE]\n\n"))
            let chunks = try reply.chunks()
            let words = whole.text.split(separator: " ").count
            #expect(chunks.count == 1 + words + 1)
            #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" && $0["model"] as? String == "gpt-4o" })
            #expect(chunks.allSatisfy { $0["id"] as? String == "chatcmpl-fake0001" && $0["usage"] == nil })
            let choices = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first }
            let first = try #require(choices.first?["delta"] as? [String: Any])
            #expect(first["role"] as? String == "assistant" && first["content"] as? String == "" && JSON.isNull(first, "refusal"))
            #expect(choices.dropFirst().allSatisfy { ($0["delta"] as? [String: Any])?["role"] == nil })
            #expect(choices.dropLast().allSatisfy { JSON.isNull($0, "finish_reason") && JSON.isNull($0, "logprobs") })
            #expect((choices.last?["delta"] as? [String: Any])?.isEmpty == true)
            #expect(choices.last?["finish_reason"] as? String == "stop")
            #expect(Self.content(chunks) == whole.text)
            let record = try #require(await fake.completions.waitForStreamEnds(1).first)
            #expect(record.end == .completed && record.piecesSent == words && record.piecesPlanned == words)
            #expect(fake.completions.calls == 1 && fake.completions.inFlight == 0)
        }
    }

    @Test func includeUsageNullsEveryChunksUsageAndAddsAUsageChunk() async throws {
        try await FakeOpenAI.withServer { fake in
            let reply = try await stream(fake, #","max_tokens":3,"stream_options":{"include_usage":true}"#)
            let chunks = try reply.chunks()
            #expect(chunks.dropLast().allSatisfy { JSON.isNull($0, "usage") })
            let last = try #require(chunks.last)
            #expect((last["choices"] as? [Any])?.isEmpty == true)
            #expect(last["usage"] as? [String: Int] == ["prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13])
            let finish = try #require((chunks[chunks.count - 2]["choices"] as? [[String: Any]])?.first)
            #expect(finish["finish_reason"] as? String == "length")
            #expect(Self.content(chunks) == "Hello from the")
        }
    }

    @Test func piecesAndAFailureAfterSomeOfThemAreSteered() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.streamBehaviour = FakeStreamBehaviour(pieces: 3)
            let three = try await stream(fake).chunks()
            #expect(three.count == 5 && Self.content(three) == whole.text)

            fake.completions.streamBehaviour = FakeStreamBehaviour(pieces: 4, failAfterPieces: 2)
            let failed = try await stream(fake)
            #expect(failed.status == 200)
            #expect(!failed.text.contains("[DONE]"))
            let chunks = try failed.chunks()
            #expect(chunks.count == 4)
            let error = try #require(chunks.last?["error"] as? [String: Any])
            #expect(error["type"] as? String == "server_error" && JSON.isNull(error, "code") && JSON.isNull(error, "param"))
            #expect((error["message"] as? String)?.isEmpty == false)
            let records = await fake.completions.waitForStreamEnds(2)
            #expect(records.map(\.end) == [.completed, .failed])
            #expect(records.map(\.piecesSent) == [3, 2] && records[1].completed)
        }
    }

    @Test func aClientThatLeavesMidStreamIsRecordedAsCut() async throws {
        try await FakeOpenAI.withServer { fake in
            // A pause far longer than the test: only the client leaving can end the stream.
            fake.completions.streamBehaviour = FakeStreamBehaviour(pause: .seconds(600))
            let seen = try await readEvents(fake.baseURL + "/v1/chat/completions", json: chat + "}", headers: auth) { data in
                let delta = (try JSON.object(Data(data.utf8))["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
                if (delta?["content"] as? String ?? "").isEmpty { return true }
                // The fake counts the piece this client holds as sent, and the stream still runs.
                let running = await fake.completions.waitForStream(0, piecesSent: 1)
                #expect(running.piecesSent == 1 && running.end == nil)
                return false
            }
            #expect(seen == 200)
            let record = try #require(await fake.completions.waitForStreamEnds(1).first)
            #expect(record.end == .clientDisconnected && !record.completed)
            #expect(record.piecesSent == 1 && record.piecesPlanned == whole.text.split(separator: " ").count)
            #expect(fake.completions.inFlight == 0)
        }
    }

    @Test func aRateLimitRefusesAStreamBeforeAnyEvent() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 1, retryAfter: "3")
            let limited = try await stream(fake)
            #expect(limited.status == 429 && limited.headers.first(name: "retry-after") == "3")
            #expect(limited.headers.first(name: "content-type")?.hasPrefix("application/json") == true)
            #expect(try limited.json()["error"] is [String: Any])
            #expect(fake.completions.streams.isEmpty)
            #expect(try await stream(fake).status == 200)
        }
    }

    @Test func aHeldStreamStaysInFlightUntilItEnds() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.hold()
            async let reply = stream(fake)
            await fake.completions.waitForInFlight(1)
            #expect(fake.completions.streams.isEmpty)
            fake.completions.release()
            let chunks = try await reply.chunks()
            #expect(Self.content(chunks) == whole.text)
            await fake.completions.waitForStreamEnds(1)
            #expect(fake.completions.inFlight == 0 && fake.completions.maxInFlight == 1)
        }
    }

    @Test func azureStreamsItsPromptFilterFirstAndFilterResultsOnEachPiece() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            let reply = try await send(
                .POST, fake.baseURL + "/openai/deployments/chat/chat/completions?api-version=2024-10-21",
                json: #"{"messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}"#,
                headers: [("api-key", FakeAzureOpenAI.defaultKey)])
            #expect(reply.status == 200 && reply.text.hasSuffix("data: [DONE]\n\n"))
            let chunks = try reply.chunks()
            let prelude = try #require(chunks.first)
            #expect((prelude["choices"] as? [Any])?.isEmpty == true && prelude["prompt_filter_results"] is [[String: Any]])
            let rest = chunks.dropFirst().dropLast()
            #expect(rest.allSatisfy { $0["model"] as? String == "gpt-4o-2024-08-06" && JSON.isNull($0, "usage") })
            let choices = rest.compactMap { ($0["choices"] as? [[String: Any]])?.first }
            #expect(choices.count == rest.count)
            let pieces = choices.filter { (($0["delta"] as? [String: Any])?["content"] as? String ?? "").isEmpty == false }
            #expect(pieces.allSatisfy { ($0["content_filter_results"] as? [String: Any])?["hate"] != nil })
            #expect(choices.last?["finish_reason"] as? String == "stop")
            #expect(Self.content(Array(rest)) == FakeCompletionReply(contents: ["hi"], maxTokens: nil).text)
            #expect((chunks.last?["usage"] as? [String: Int])?["prompt_tokens"] == 8)
            #expect(await fake.completions.waitForStreamEnds(1).first?.end == .completed)
        }
    }
}
