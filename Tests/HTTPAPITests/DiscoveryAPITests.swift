import Foundation
import HangarCore
import HangarTesting
import Storage
import Testing

/// `POST /api/providers/{id}/discover` and `…/discover/apply` against the fakes of each kind.
@Suite struct DiscoveryAPITests {
    /// Creates a connection and returns its id.
    static func connect(_ api: API, kind: String, baseURL: String, key: String? = nil) async throws -> String {
        var body: [String: Any] = ["kind": kind, "name": "\(kind) \(UUID().uuidString.prefix(6))", "base_url": baseURL]
        if let key { body["api_key"] = key }
        let reply = try await api.post("/api/providers", body)
        try #require(reply.status == .created, "\(reply)")
        return reply.id
    }

    static func names(_ reply: Reply, _ list: String) -> [String] {
        (reply.object[list] as? [[String: Any]] ?? []).compactMap { $0["api_name"] as? String }
    }

    static func entry(_ reply: Reply, _ list: String, _ apiName: String) -> [String: Any] {
        (reply.object[list] as? [[String: Any]] ?? []).first { $0["api_name"] as? String == apiName } ?? [:]
    }

    @Test(arguments: TestDatabases.engines)
    func openAIProposalThenApplyAddsWithGuessedLimitsAndDeprecatesGone(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["gpt-4o", "o3-mini", "lab-tuned-model"]) { fake in
            try await TestServer.withApp(engine) { api in
                let id = try await Self.connect(api, kind: "openai", baseURL: fake.baseURL, key: FakeOpenAI.defaultKey)
                let kept = try await api.createModel("GPT-4o", apiName: "gpt-4o", provider: id)
                try await api.createModel("Old", apiName: "gpt-3.5-old", provider: id)

                let proposal = try await api.post("/api/providers/\(id)/discover")
                #expect(proposal.status == .ok, "\(proposal)")
                #expect(proposal.object["provider_id"] as? String == id)
                #expect(Self.names(proposal, "new") == ["lab-tuned-model", "o3-mini"])
                #expect(Self.names(proposal, "present") == ["gpt-4o"])
                #expect(Self.names(proposal, "gone") == ["gpt-3.5-old"])
                // Unknown to the price data: guessed limits, no prices.
                let guessed = Self.entry(proposal, "new", "lab-tuned-model")
                #expect(guessed["model_id"] is NSNull && guessed["status"] is NSNull && guessed["cost_input_per_million"] is NSNull)
                #expect(guessed["context_window"] as? Int == 8192 && guessed["max_output_tokens"] as? Int == 4096)
                #expect(guessed["limits_guessed"] as? Bool == true)
                // Named by the shipped price data: its limits and prices.
                let priced = Self.entry(proposal, "new", "o3-mini")
                #expect(priced["limits_guessed"] as? Bool == false && (priced["context_window"] as? Int ?? 0) > 8192)
                #expect((priced["cost_input_per_million"] as? Double ?? 0) > 0, "\(priced)")
                #expect(Self.entry(proposal, "present", "gpt-4o")["model_id"] as? String == kept.id)
                #expect(Self.entry(proposal, "gone", "gpt-3.5-old")["status"] as? String == "active")

                let applied = try await api.post(
                    "/api/providers/\(id)/discover/apply", ["add": ["lab-tuned-model", "o3-mini"], "deprecate": ["gpt-3.5-old"]])
                #expect(applied.status == .ok, "\(applied)")
                let added = applied.object["added"] as? [[String: Any]] ?? []
                #expect(added.map { $0["api_name"] as? String } == ["lab-tuned-model", "o3-mini"])
                #expect(added.allSatisfy { $0["provider_id"] as? String == id && $0["status"] as? String == "active" })
                #expect(added.first?["context_window"] as? Int == 8192 && added.first?["max_output_tokens"] as? Int == 4096)
                #expect(added.map { $0["limits_guessed"] as? Bool } == [true, false])
                #expect(added.last?["cost_input_per_million"] as? Double == priced["cost_input_per_million"] as? Double)
                #expect(added.map { $0["price_source"] as? String } == [nil, "litellm:snapshot"], "only the priced one has a source")
                #expect(added.last?["price_synced_at"] is String)
                let deprecated = try #require((applied.object["deprecated"] as? [[String: Any]])?.first)
                #expect(deprecated["api_name"] as? String == "gpt-3.5-old" && deprecated["status"] as? String == "deprecated")

                let again = try await api.post("/api/providers/\(id)/discover")
                #expect(Self.names(again, "new").isEmpty && Self.names(again, "gone").isEmpty)
                #expect(Self.names(again, "present") == ["gpt-4o", "lab-tuned-model", "o3-mini"])
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func mistralIsListedThroughItsV1PathAndItsDefaultIsNotDeprecated(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(models: ["mistral-large-latest", "magistral-medium-latest"]) { fake in
            try await TestServer.withApp(engine) { api in
                let patched = try await api.patch(
                    "/api/providers/mistral", ["base_url": fake.baseURL + "/v1", "api_key": FakeOpenAI.defaultKey])
                try #require(patched.status == .ok, "\(patched)")
                let proposal = try await api.post("/api/providers/mistral/discover")
                #expect(proposal.status == .ok, "\(proposal)")
                #expect(Self.names(proposal, "new") == ["magistral-medium-latest"])
                #expect(Self.names(proposal, "present") == ["mistral-large-latest"])
                #expect(Self.names(proposal, "gone").contains("mistral-small-latest"))
                #expect(fake.requests.last?.uri == "/v1/models")

                let refused = try await api.post(
                    "/api/providers/mistral/discover/apply",
                    ["add": ["magistral-medium-latest"], "deprecate": ["open-mistral-7b", "mistral-small-latest"]])
                expectError(refused, .conflict, code: "model_is_default")
                // One transaction: neither the addition nor the first deprecation stayed.
                let after = try await api.post("/api/providers/mistral/discover")
                #expect(Self.names(after, "new") == ["magistral-medium-latest"])
                #expect(Self.entry(after, "gone", "open-mistral-7b")["status"] as? String == "active")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anOpenAICompatibleServerWithoutKeyIsListed(_ engine: DatabaseEngine) async throws {
        try await FakeOpenAI.withServer(apiKey: nil, models: ["qwen2.5-7b-instruct"]) { fake in
            try await TestServer.withApp(engine) { api in
                let id = try await Self.connect(api, kind: "openai-compatible", baseURL: fake.baseURL + "/v1")
                let applied = try await api.post("/api/providers/\(id)/discover/apply", ["add": ["qwen2.5-7b-instruct"]])
                #expect(applied.status == .ok, "\(applied)")
                #expect((applied.object["added"] as? [[String: Any]])?.first?["name"] as? String == "qwen2.5-7b-instruct")
                #expect((applied.object["deprecated"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func azureDeploymentsAreListedAndABadEntryChangesNothing(_ engine: DatabaseEngine) async throws {
        try await FakeAzureOpenAI.withServer(deployments: ["chat", "chat prod"]) { fake in
            try await TestServer.withApp(engine) { api in
                let id = try await Self.connect(api, kind: "azure-openai", baseURL: fake.baseURL, key: FakeAzureOpenAI.defaultKey)
                let proposal = try await api.post("/api/providers/\(id)/discover")
                #expect(proposal.status == .ok, "\(proposal)")
                #expect(Self.names(proposal, "new") == ["chat", "chat prod"])
                #expect(Self.entry(proposal, "new", "chat")["upstream_model"] as? String == "gpt-4o")
                #expect(fake.requests.last?.uri == "/openai/deployments?api-version=2022-12-01")

                // An API name takes no spaces: the second entry is refused, and the first is not added alone.
                let refused = try await api.post("/api/providers/\(id)/discover/apply", ["add": ["chat", "chat prod"]])
                expectError(refused, .unprocessableContent, code: "validation_failed", field: "add[1]")
                #expect(try await api.allModels("provider=\(id)").isEmpty)

                let applied = try await api.post("/api/providers/\(id)/discover/apply", ["add": ["chat"]])
                #expect(applied.status == .ok, "\(applied)")
                #expect(try await api.allModels("provider=\(id)").map { $0["api_name"] as? String } == ["chat"])
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func ollamaTagsMatchTheCatalogsUntaggedNames(_ engine: DatabaseEngine) async throws {
        try await FakeOllama.withServer(models: ["llama3.2:latest", "qwen2.5:0.5b"]) { fake in
            try await TestServer.withApp(engine) { api in
                let patched = try await api.patch("/api/providers/ollama", ["base_url": fake.baseURL])
                try #require(patched.status == .ok, "\(patched)")
                let proposal = try await api.post("/api/providers/ollama/discover")
                #expect(proposal.status == .ok, "\(proposal)")
                #expect(Self.names(proposal, "present") == ["llama3.2"])
                #expect(Self.names(proposal, "new") == ["qwen2.5:0.5b"])
                #expect((Self.entry(proposal, "new", "qwen2.5:0.5b")["size_bytes"] as? Int ?? 0) > 0)
                #expect(Self.names(proposal, "gone").contains("llama3.1"))
                #expect(fake.requests.map(\.uri) == ["/api/tags"])

                let present = try await api.post("/api/providers/ollama/discover/apply", ["add": ["llama3.2:latest"]])
                expectError(present, .unprocessableContent, field: "add[0]", fieldCode: "duplicate")
                let applied = try await api.post(
                    "/api/providers/ollama/discover/apply", ["add": ["qwen2.5:0.5b"], "deprecate": ["llama3.1:latest"]])
                #expect(applied.status == .ok, "\(applied)")
                #expect((applied.object["added"] as? [[String: Any]])?.first?["api_name"] as? String == "qwen2.5:0.5b")
                #expect((applied.object["deprecated"] as? [[String: Any]])?.first?["api_name"] as? String == "llama3.1")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func errorsAreClearAndNever5xxForBadInput(_ engine: DatabaseEngine) async throws {
        try await withUnreachableBaseURL { down in
            try await TestServer.withApp(engine) { api in
                expectError(try await api.post("/api/providers/nowhere/discover"), .notFound, code: "provider_not_found")
                expectError(try await api.post("/api/providers/local/discover"), .conflict, code: "not_applicable")
                let id = try await Self.connect(api, kind: "openai-compatible", baseURL: down)
                expectError(
                    try await api.post("/api/providers/\(id)/discover"), .badGateway, code: "upstream_unreachable",
                    messageContains: "127.0.0.1")

                let apply = "/api/providers/\(id)/discover/apply"
                expectError(try await api.post(apply, [:]), .unprocessableContent, field: "add")
                expectError(try await api.post(apply, ["add": [""]]), .unprocessableContent, field: "add[0]")
                expectError(try await api.post(apply, ["add": ["a", "a"]]), .unprocessableContent, field: "add[1]")
                expectError(
                    try await api.post(apply, ["add": (0...500).map { "m\($0)" }]), .unprocessableContent, field: "add")
                let unknownKey = try await api.post(apply, ["add": ["a"], "remove": ["b"]])
                #expect(unknownKey.status.code / 100 == 4, "\(unknownKey)")
                expectError(try await api.post("/api/providers/nowhere/discover/apply", ["add": ["a"]]), .notFound)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aRejectedKeyIsA502ThatNeverEchoesIt(_ engine: DatabaseEngine) async throws {
        let key = "sk-wrong-CANARY-0123456789abcdef"
        try await FakeOpenAI.withServer { fake in
            try await TestServer.withApp(engine) { api in
                let id = try await Self.connect(api, kind: "openai", baseURL: fake.baseURL, key: key)
                let reply = try await api.post("/api/providers/\(id)/discover")
                expectError(reply, .badGateway, code: "upstream_unauthorized", messageContains: "HTTP 401")
                #expect(!reply.text.contains(key) && !reply.text.contains("CANARY"))
            }
        }
    }
}
