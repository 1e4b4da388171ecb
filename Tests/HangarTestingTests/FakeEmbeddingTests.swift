import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

/// Embeddings on every fake: OpenAI's list shape, deterministic vectors, base64 as the openai
/// Python package asks for them, and each provider's refusals.
@Suite struct FakeEmbeddingTests {
    let auth = [("Authorization", "Bearer \(FakeOpenAI.defaultKey)")]
    let models = ["gpt-4o", "text-embedding-3-small"]

    func embed(_ fake: FakeOpenAI, _ json: String) async throws -> Reply {
        try await send(.POST, fake.baseURL + "/v1/embeddings", json: json, headers: auth)
    }

    static func vectors(_ answer: [String: Any]) -> [[Float]] {
        (answer["data"] as? [[String: Any]] ?? []).map { ($0["embedding"] as? [Double] ?? []).map(Float.init) }
    }

    /// Decodes base64 of little-endian float32, as the openai Python package does.
    static func decode(_ text: String) -> [Float] {
        let bytes = Array(Data(base64Encoded: text) ?? Data())
        return stride(from: 0, to: bytes.count, by: 4).map { offset in
            Float(bitPattern: bytes[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
    }

    @Test func aListOfTextsGetsOneDeterministicUnitVectorEach() async throws {
        try await FakeOpenAI.withServer(models: models) { fake in
            let json = #"{"model":"text-embedding-3-small","input":["the cat sat","a dog"],"user":"u1"}"#
            let answer = try await embed(fake, json).json()
            #expect(answer["object"] as? String == "list" && answer["model"] as? String == "text-embedding-3-small")
            #expect(answer["usage"] as? [String: Int] == ["prompt_tokens": 5, "total_tokens": 5])
            let data = try #require(answer["data"] as? [[String: Any]])
            #expect(data.map { $0["index"] as? Int } == [0, 1] && data.allSatisfy { $0["object"] as? String == "embedding" })
            let vectors = Self.vectors(answer)
            #expect(vectors == [FakeEmbedding.vector(for: .text("the cat sat")), FakeEmbedding.vector(for: .text("a dog"))])
            #expect(vectors.allSatisfy { $0.count == 8 && abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5 })
            #expect(vectors[0] != vectors[1])
            #expect(try await Self.vectors(embed(fake, json).json()) == vectors)
            #expect(fake.completions.embeddingCalls == 2 && fake.completions.calls == 0)
        }
    }

    @Test func base64IsLittleEndianFloat32AndDimensionsAreHonoured() async throws {
        try await FakeOpenAI.withServer(models: models) { fake in
            let answer = try await embed(
                fake, #"{"model":"text-embedding-3-small","input":"hello","encoding_format":"base64","dimensions":3}"#
            ).json()
            let encoded = try #require((answer["data"] as? [[String: Any]])?.first?["embedding"] as? String)
            #expect(Self.decode(encoded) == FakeEmbedding.vector(for: .text("hello"), dimensions: 3))
        }
    }

    @Test func tokenArraysAreInputsToo() async throws {
        try await FakeOpenAI.withServer(models: models) { fake in
            let one = try await embed(fake, #"{"model":"text-embedding-3-small","input":[1,2,3]}"#).json()
            #expect(Self.vectors(one) == [FakeEmbedding.vector(for: .tokens([1, 2, 3]))])
            #expect((one["usage"] as? [String: Int])?["prompt_tokens"] == 3)
            let two = try await embed(fake, #"{"model":"text-embedding-3-small","input":[[1,2],[3]]}"#).json()
            #expect(Self.vectors(two).count == 2 && (two["usage"] as? [String: Int])?["total_tokens"] == 3)
        }
    }

    @Test func badInputsAreOpenAIs400sAndUnknownModels404() async throws {
        try await FakeOpenAI.withServer(models: models) { fake in
            for input in [#""input":"""#, #""input":[]"#, #""input":[1,"a"]"#, #""input":{"a":1}"#, #""input":[[]]"#] {
                let refused = try await embed(fake, #"{"model":"text-embedding-3-small",\#(input)}"#)
                #expect(refused.status == 400, "\(input)")
                let error = try #require(try refused.json()["error"] as? [String: Any])
                #expect(error["type"] as? String == "invalid_request_error")
                #expect((error["message"] as? String)?.hasPrefix("'$.input' is invalid") == true)
            }
            let missing = try await embed(fake, #"{"model":"text-embedding-3-small"}"#)
            #expect(missing.status == 400)
            let encoding = try await embed(fake, #"{"model":"text-embedding-3-small","input":"a","encoding_format":"hex"}"#)
            #expect((try encoding.json()["error"] as? [String: Any])?["param"] as? String == "encoding_format")
            let unknown = try await embed(fake, #"{"model":"text-embedding-9","input":"a"}"#)
            #expect(unknown.status == 404)
            #expect((try unknown.json()["error"] as? [String: Any])?["code"] as? String == "model_not_found")
            fake.completions.rateLimit(next: 1, retryAfter: "4")
            let limited = try await embed(fake, #"{"model":"text-embedding-3-small","input":"a"}"#)
            #expect(limited.status == 429 && limited.headers.first(name: "retry-after") == "4")
            #expect(fake.completions.embeddingCalls == 9)
        }
    }

    @Test func azureEmbedsUnderItsDeploymentsModel() async throws {
        try await FakeAzureOpenAI.withServer(deployments: ["chat", "embed"]) { fake in
            let url = fake.baseURL + "/openai/deployments/embed/embeddings?api-version=2024-10-21"
            let key = [("api-key", FakeAzureOpenAI.defaultKey)]
            let answer = try await send(.POST, url, json: #"{"input":"hello","encoding_format":"base64"}"#, headers: key).json()
            #expect(answer["model"] as? String == "text-embedding-3-small")
            let encoded = try #require((answer["data"] as? [[String: Any]])?.first?["embedding"] as? String)
            #expect(Self.decode(encoded) == FakeEmbedding.vector(for: .text("hello")))
            let refused = try await send(.POST, url, json: #"{"input":[]}"#, headers: key)
            let refusal = try refused.json()["error"] as? [String: Any]
            #expect(refused.status == 400 && refusal?["code"] as? String == "BadRequest")
            let nowhere = try await send(
                .POST, fake.baseURL + "/openai/deployments/other/embeddings?api-version=2024-10-21", json: #"{"input":"a"}"#,
                headers: key)
            #expect(nowhere.status == 404)
            #expect(try await send(.POST, url, json: #"{"input":"a"}"#).status == 401)
            fake.completions.rateLimit(next: 1, retryAfter: "2", retryAfterMilliseconds: 2000)
            let limited = try await send(.POST, url, json: #"{"input":"a"}"#, headers: key)
            #expect(limited.status == 429)
            let message = (try limited.json()["error"] as? [String: Any])?["message"] as? String
            #expect(message?.contains("Embeddings_Create Operation") == true)
            #expect(fake.completions.embeddingCalls == 5)
        }
    }

    @Test func ollamaEmbedsTextsOfInstalledModelsAndRefusesTokenArrays() async throws {
        try await FakeOllama.withServer(models: ["nomic-embed-text:latest"]) { fake in
            let url = fake.baseURL + "/v1/embeddings"
            let answer = try await send(.POST, url, json: #"{"model":"nomic-embed-text","input":["a b","c"]}"#).json()
            #expect(answer["model"] as? String == "nomic-embed-text")
            #expect(Self.vectors(answer) == [FakeEmbedding.vector(for: .text("a b")), FakeEmbedding.vector(for: .text("c"))])
            #expect(answer["usage"] as? [String: Int] == ["prompt_tokens": 3, "total_tokens": 3])
            let tokens = try await send(.POST, url, json: #"{"model":"nomic-embed-text","input":[1,2]}"#)
            #expect(tokens.status == 400)
            #expect((try tokens.json()["error"] as? [String: Any])?["message"] as? String == "invalid input type")
            let missing = try await send(.POST, url, json: #"{"model":"all-minilm","input":"a"}"#)
            #expect(missing.status == 404)
            let noInput = try await send(.POST, url, json: #"{"model":"nomic-embed-text"}"#)
            #expect((try noInput.json()["error"] as? [String: Any])?["message"] as? String == "invalid input")
            #expect(fake.completions.embeddingCalls == 4)
        }
    }
}
