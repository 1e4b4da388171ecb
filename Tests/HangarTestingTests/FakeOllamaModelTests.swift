import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

@Suite struct FakeOllamaModelTests {
    @Test func tagsListTheInstalledModelsWithTheirDetails() async throws {
        try await FakeOllama.withServer { fake in
            let models = try #require(try await send(.GET, fake.baseURL + "/api/tags").json()["models"] as? [[String: Any]])
            #expect(models.map { $0["name"] as? String } == ["llama3.2:latest", "qwen2.5:0.5b"])
            let llama = models[0]
            #expect(llama["size"] as? Int == 2_019_393_189)
            #expect((llama["digest"] as? String)?.count == 64)
            #expect((llama["modified_at"] as? String)?.hasSuffix("+01:00") == true)
            let details = try #require(llama["details"] as? [String: Any])
            #expect(details["family"] as? String == "llama" && details["quantization_level"] as? String == "Q4_K_M")
        }
    }

    @Test func showDescribesAModelAndNamesAnUnknownOneInFull() async throws {
        try await FakeOllama.withServer { fake in
            let show = try await send(.POST, fake.baseURL + "/api/show", json: #"{"model":"llama3.2"}"#).json()
            let info = try #require(show["model_info"] as? [String: Any])
            #expect(info["general.architecture"] as? String == "llama")
            #expect(info["llama.context_length"] as? Int == 131_072)
            #expect(show["capabilities"] as? [String] == ["completion", "tools"])
            #expect((show["modelfile"] as? String)?.contains("FROM ") == true)

            let missing = try await send(.POST, fake.baseURL + "/api/show", json: #"{"model":"mistral"}"#)
            #expect(missing.status == 404)
            #expect(try missing.json()["error"] as? String == "model 'mistral:latest' not found")
        }
    }

    @Test func deleteAndCopyAnswerEmptyOrWithOllamasErrors() async throws {
        try await FakeOllama.withServer { fake in
            let copy = try await send(
                .POST, fake.baseURL + "/api/copy", json: #"{"source":"llama3.2","destination":"mine:v1"}"#)
            #expect(copy.status == 200 && copy.body.isEmpty)
            #expect(fake.installedModel("mine:v1")?.digest == fake.installedModel("llama3.2")?.digest)

            let noSource = try await send(.POST, fake.baseURL + "/api/copy", json: #"{"source":"gone","destination":"x"}"#)
            #expect(noSource.status == 404)
            #expect(try noSource.json()["error"] as? String == #"model "gone" not found"#)

            let delete = try await send(.DELETE, fake.baseURL + "/api/delete", json: #"{"model":"mine:v1"}"#)
            #expect(delete.status == 200 && delete.body.isEmpty)
            let again = try await send(.DELETE, fake.baseURL + "/api/delete", json: #"{"model":"mine:v1"}"#)
            #expect(again.status == 404)
            #expect(try again.json()["error"] as? String == "model 'mine:v1' not found")
        }
    }

    @Test func aSlowServerDelaysItsAnswers() async throws {
        try await FakeOllama.withServer { fake in
            fake.responseDelay = .milliseconds(150)
            let clock = ContinuousClock()
            let started = clock.now
            _ = try await send(.GET, fake.baseURL + "/api/version")
            #expect(clock.now - started >= .milliseconds(150))
        }
    }

    @Test func nothingListensAtTheUnreachableURL() async throws {
        // The shared client retries a refused connection until its deadline: refuse at once.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let failure = try await FakeOllama.withUnreachableURL { url in
            await #expect(throws: (any Error).self) {
                _ = try await client.execute(HTTPClientRequest(url: url + "/api/version"), timeout: .seconds(5))
            }
        }
        try await client.shutdown()
        #expect("\(String(describing: failure))".lowercased().contains("refused"))
    }
}
