import Foundation
import HangarCore
import HangarTesting
import Providers
import Testing

/// The fakes' completion control, through real completions.
@Suite struct FakeCompletionsTests {
    let key = FakeOpenAI.defaultKey

    func target(_ fake: FakeOpenAI) -> CompletionTarget {
        CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: key, model: "gpt-4o")
    }

    @Test func heldCallsAreAllInFlightUntilReleased() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.hold()
            try await withThrowingTaskGroup(of: CompletionResult.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        try await CompletionClient().complete(CompletionRequest(prompt: "call \(index)"), on: target(fake))
                    }
                }
                await fake.completions.waitForInFlight(3)
                #expect(fake.completions.inFlight == 3)
                #expect(fake.completions.calls == 3)
                fake.completions.release()
                var texts: [String] = []
                for try await result in group { texts.append(result.text) }
                #expect(texts == Array(repeating: FakeCompletionReply.sentence, count: 3))
            }
            #expect(fake.completions.inFlight == 0)
            #expect(fake.completions.maxInFlight == 3)
        }
    }

    @Test func releasingACountLetsThatManyGoOldestFirst() async throws {
        try await FakeOllama.withServer { fake in
            fake.completions.hold()
            let ollama = CompletionTarget(kind: .ollama, baseURL: fake.baseURL, model: "llama3.2")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask { _ = try await CompletionClient().complete(CompletionRequest(prompt: "hi"), on: ollama) }
                }
                await fake.completions.waitForInFlight(2)
                fake.completions.release(1)
                _ = try await group.next()
                #expect(fake.completions.inFlight == 1)
                fake.completions.release(1)
                _ = try await group.next()
                #expect(fake.completions.inFlight == 0)
            }
        }
    }

    @Test func latencyKeepsConcurrentCallsInFlightTogether() async throws {
        try await FakeAzureOpenAI.withServer { fake in
            fake.completions.latency = .milliseconds(300)
            let azure = CompletionTarget(
                kind: .azureOpenAI, baseURL: fake.baseURL, apiKey: FakeAzureOpenAI.defaultKey, model: "chat")
            let latencies = try await withThrowingTaskGroup(of: Duration.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await CompletionClient().complete(CompletionRequest(prompt: "hi"), on: azure).latency }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(latencies.count == 4)
            #expect(latencies.allSatisfy { $0 >= .milliseconds(300) })
            #expect(fake.completions.maxInFlight >= 2)
            #expect(fake.completions.inFlight == 0)
        }
    }

    @Test func rateLimitRefusesExactlyTheNextCountCalls() async throws {
        try await FakeOpenAI.withServer { fake in
            fake.completions.rateLimit(next: 2, retryAfter: "1")
            #expect(fake.completions.pendingRateLimits == 2)
            var kinds: [CompletionFailure.Kind?] = []
            for _ in 0..<3 {
                switch await outcome(target(fake)) {
                case .success: kinds.append(nil)
                case .failure(let failure): kinds.append(failure.kind)
                }
            }
            #expect(kinds == [.rateLimited, .rateLimited, nil])
            #expect(fake.completions.calls == 3)
            #expect(fake.completions.maxInFlight == 1)
            #expect(fake.completions.pendingRateLimits == 0)
        }
    }

    @Test func arrivalsAreInOrderAndCountRefusedCalls() async throws {
        try await FakeOpenAI.withServer { fake in
            let wrong = CompletionTarget(kind: .openai, baseURL: fake.baseURL, apiKey: "sk-wrong-key-000000", model: "gpt-4o")
            _ = await outcome(wrong)
            _ = await outcome(target(fake))
            _ = try await CompletionClient().complete(CompletionRequest(prompt: "hi"), on: target(fake))
            let arrivals = fake.completions.arrivals
            #expect(arrivals.count == 3)
            #expect(arrivals == arrivals.sorted())
            #expect(fake.completions.calls == 3)
        }
    }
}
