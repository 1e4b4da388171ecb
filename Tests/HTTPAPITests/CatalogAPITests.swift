import Foundation
import HTTPTypes
import HangarTesting
import Storage
import Testing

/// The catalog over HTTP: the seeded builtins, custom models surviving restarts, and the
/// lifecycle rules (builtin, default, deprecated, duplicates) answered with 409s.
@Suite struct CatalogAPITests {
    @Test(arguments: TestDatabases.engines)
    func seededCatalogIsListed(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let page = try await api.get("/api/models")
            #expect(page.status == .ok)
            #expect(page.object["total"] as? Int == 17)
            #expect(page.items.count == 17)
            #expect(page.items.filter { $0["provider_id"] as? String == "mistral" }.count == 7)
            #expect(page.items.filter { $0["provider_id"] as? String == "ollama" }.count == 9)

            let qwen = try #require(page.items.first { $0["provider_id"] as? String == "local" })
            #expect(qwen["hf_repo"] as? String == "unsloth/Qwen3-0.6B-GGUF")
            #expect(qwen["model_file"] as? String == "Qwen3-0.6B-Q4_0.gguf")
            #expect(qwen["download_status"] as? String == "pending")
            #expect(qwen["downloaded"] as? Bool == false)
            #expect(qwen["kind"] as? String == "local")
            // Hosted models show the local fields as explicit nulls.
            let large = try #require(page.items.first { $0["id"] as? String == "mistral-mistral-large-latest" })
            for key in ["hf_repo", "model_file", "download_status", "downloaded", "gguf", "cost_input_per_million", "replacement_model_id"]
            {
                #expect(JSON.isNull(large, key), "\(key)")
            }
            #expect(large["is_builtin"] as? Bool == true)

            let providers = try await api.get("/api/providers")
            #expect(providers.status == .ok)
            #expect(providers.items.map { $0["id"] as? String } == ["mistral", "ollama", "openai", "azure-openai", "local"])
            let azure = try await api.get("/api/providers/azure-openai")
            #expect(azure.object["enabled"] as? Bool == false)
            #expect(JSON.isNull(azure.object, "base_url"))
            expectError(try await api.get("/api/providers/nope"), .notFound, code: "provider_not_found")
        }
    }

    /// Building the app again on the same data is a restart: custom models and admin changes
    /// stay, builtins are not duplicated.
    @Test(arguments: TestDatabases.engines)
    func customModelsAndChangesSurviveRestart(_ engine: DatabaseEngine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let created = try await TestServer.withApp(location) { api in
            let model = try await api.createModel(
                "Persistent", provider: "ollama", ["context_window": 8192, "cost_input_per_million": 0.25])
            #expect(try await api.patch("/api/models/mistral-codestral-latest", ["temperature_default": 0.05]).status == .ok)
            #expect(try await api.post("/api/models/\(model.id)/set-default").status == .ok)
            return model.id
        }
        try await TestServer.withApp(location) { api in
            let model = try await api.get("/api/models/\(created)")
            #expect(model.status == .ok)
            #expect(model.object["name"] as? String == "Persistent")
            #expect(model.object["context_window"] as? Int == 8192)
            #expect(model.object["cost_input_per_million"] as? Double == 0.25)
            #expect(model.object["is_default"] as? Bool == true)
            #expect(try await api.get("/api/models/mistral-codestral-latest").object["temperature_default"] as? Double == 0.05)
            #expect(try await api.get("/api/models").object["total"] as? Int == 18)
            #expect(try await api.get("/api/providers").items.count == 5)
            #expect(try await api.get("/api/providers/ollama").object["default_model_id"] as? String == created)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func customModelCRUD(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let created = try await api.createModel(
                "My Model", provider: "openai",
                [
                    "context_window": 64_000, "max_output_tokens": 4000, "temperature_default": 0.4,
                ])
            #expect(created.headers[.contentType]?.hasPrefix("application/json") == true)
            let model = created.object
            #expect(model["is_builtin"] as? Bool == false)
            #expect(model["is_default"] as? Bool == false)
            #expect(model["status"] as? String == "active")
            #expect(model["kind"] as? String == "hosted")
            #expect(model["provider_kind"] as? String == "openai")
            #expect(Set(model.keys).count == 36)

            let read = try await api.get("/api/models/\(created.id)")
            #expect(read.status == .ok)
            #expect(read.object["api_name"] as? String == "my-model")

            let updated = try await api.patch(
                "/api/models/\(created.id)",
                [
                    "name": "Renamed", "max_output_tokens": 8000, "cost_output_per_million": 12.5,
                ])
            #expect(updated.status == .ok, "\(updated)")
            #expect(updated.object["name"] as? String == "Renamed")
            #expect(updated.object["max_output_tokens"] as? Int == 8000)
            #expect(updated.object["context_window"] as? Int == 64_000, "absent keys keep their value")
            #expect(updated.object["cost_output_per_million"] as? Double == 12.5)
            let cleared = try await api.patch("/api/models/\(created.id)", ["cost_output_per_million": NSNull()])
            #expect(JSON.isNull(cleared.object, "cost_output_per_million"))

            let deleted = try await api.delete("/api/models/\(created.id)")
            #expect(deleted.status == .noContent)
            #expect(deleted.body.isEmpty)
            expectError(try await api.get("/api/models/\(created.id)"), .notFound, code: "model_not_found")
            expectError(try await api.delete("/api/models/\(created.id)"), .notFound)
            expectError(try await api.patch("/api/models/\(created.id)", ["name": "x"]), .notFound)
            expectError(
                try await api.send(.post, "/api/models", json: ["provider_id": "ghost", "name": "G", "api_name": "g"]),
                .notFound, field: "provider_id")
            // Clients that name the charset are understood too.
            var charset = HTTPFields()
            charset[.contentType] = "application/json; charset=utf-8"
            let withCharset = try await api.send(
                .post, "/api/models", raw: #"{"provider_id": "openai", "name": "Charset", "api_name": "charset"}"#, headers: charset)
            #expect(withCharset.status == .created, "\(withCharset)")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func builtinModelsAreProtected(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let path = "/api/models/mistral-mistral-large-latest"
            for (field, value) in [("name", "X" as Any), ("api_name", "x")] {
                expectError(
                    try await api.patch(path, [field: value]), .conflict, code: "builtin_model", field: field, messageContains: "builtin")
            }
            // Prices, limits and the deprecation date are the admin's to keep true, builtin or not.
            let priced = try await api.patch(
                path,
                [
                    "cost_input_per_million": 0.5, "cost_output_per_million": 1.5, "context_window": 262_144, "max_output_tokens": 8192,
                    "deprecation_date": "2027-03-01",
                ])
            #expect(priced.status == .ok, "\(priced)")
            #expect(priced.object["cost_input_per_million"] as? Double == 0.5)
            #expect(priced.object["context_window"] as? Int == 262_144)
            #expect(priced.object["deprecation_date"] as? String == "2027-03-01")
            #expect(priced.object["price_source"] as? String == "manual")
            expectError(try await api.patch(path, ["deprecation_date": "2027-02-30"]), .unprocessableContent, field: "deprecation_date")
            let temperature = try await api.patch(path, ["temperature_default": 1.3])
            #expect(temperature.status == .ok)
            #expect(temperature.object["temperature_default"] as? Double == 1.3)
            #expect(try await api.patch(path, ["status": "deprecated"]).object["status"] as? String == "deprecated")
            #expect(try await api.patch(path, ["status": "active"]).object["status"] as? String == "active")
            #expect(try await api.patch(path, ["is_default": true]).object["is_default"] as? Bool == true)

            for id in ["mistral-open-mistral-7b", "ollama-gemma2", "local-qwen3-0.6b-q4_0"] {
                expectError(try await api.delete("/api/models/\(id)"), .conflict, code: "builtin_model", messageContains: "builtin")
                #expect(try await api.get("/api/models/\(id)").status == .ok)
            }
            #expect(try await api.get("/api/models").object["total"] as? Int == 17)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func defaultModelThreeWaysAndItsRules(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let a = try await api.createModel("Alpha", provider: "openai").id
            let b = try await api.createModel("Bravo", provider: "openai").id
            let c = try await api.createModel("Charlie", provider: "openai").id

            let viaAction = try await api.post("/api/models/\(a)/set-default")
            #expect(viaAction.status == .ok)
            #expect(viaAction.object["is_default"] as? Bool == true)
            #expect(try await api.get("/api/providers/openai").object["default_model_id"] as? String == a)

            #expect(try await api.patch("/api/models/\(b)", ["is_default": true]).object["is_default"] as? Bool == true)
            #expect(try await api.get("/api/models/\(a)").object["is_default"] as? Bool == false)

            let viaProvider = try await api.patch("/api/providers/openai", ["default_model_id": c])
            #expect(viaProvider.status == .ok, "\(viaProvider)")
            #expect(viaProvider.object["default_model_id"] as? String == c)
            let defaults = try await api.allModels("provider=openai").filter { $0["is_default"] as? Bool == true }
            #expect(defaults.map { $0["id"] as? String } == [c])

            // The default cannot be deleted, and the message says why.
            expectError(try await api.delete("/api/models/\(c)"), .conflict, code: "model_is_default", messageContains: "default")
            // A deprecated model cannot become the default, by any of the three ways.
            #expect(try await api.post("/api/models/\(a)/deprecate").status == .ok)
            expectError(try await api.post("/api/models/\(a)/set-default"), .conflict, code: "model_deprecated")
            expectError(try await api.patch("/api/models/\(a)", ["is_default": true]), .conflict, field: "is_default")
            expectError(try await api.patch("/api/providers/openai", ["default_model_id": a]), .conflict, field: "default_model_id")
            // A model of another provider cannot be this provider's default.
            expectError(
                try await api.patch("/api/providers/openai", ["default_model_id": "ollama-gemma2"]), .conflict, field: "default_model_id")
            #expect(try await api.get("/api/providers/openai").object["default_model_id"] as? String == c)
            // Clearing the default, then the model can go.
            let cleared = try await api.patch("/api/providers/openai", ["default_model_id": NSNull()])
            #expect(JSON.isNull(cleared.object, "default_model_id"))
            #expect(try await api.delete("/api/models/\(c)").status == .noContent)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func deprecateAndRestore(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let old = try await api.createModel("Old", provider: "ollama").id
            let new = try await api.createModel("New", provider: "ollama").id

            let deprecated = try await api.post("/api/models/\(old)/deprecate", ["replacement_model_id": new])
            #expect(deprecated.status == .ok, "\(deprecated)")
            #expect(deprecated.object["status"] as? String == "deprecated")
            #expect(deprecated.object["replacement_model_id"] as? String == new)
            expectError(try await api.delete("/api/models/\(new)"), .conflict, code: "model_referenced")

            let restored = try await api.post("/api/models/\(old)/restore")
            #expect(restored.status == .ok)
            #expect(restored.object["status"] as? String == "active")
            #expect(JSON.isNull(restored.object, "replacement_model_id"))

            // Without a body, and with an empty one.
            #expect(try await api.post("/api/models/\(new)/deprecate").object["status"] as? String == "deprecated")
            #expect(try await api.post("/api/models/\(new)/restore").status == .ok)
            #expect(try await api.post("/api/models/\(new)/deprecate", [:]).object["status"] as? String == "deprecated")
            #expect(JSON.isNull(try await api.get("/api/models/\(new)").object, "replacement_model_id"))

            expectError(
                try await api.post("/api/models/\(old)/deprecate", ["replacement_model_id": "ghost"]), .conflict,
                field: "replacement_model_id")
            expectError(
                try await api.post("/api/models/\(old)/deprecate", ["replacement_model_id": old]), .conflict, field: "replacement_model_id")
            expectError(
                try await api.post("/api/models/\(old)/deprecate", ["replacement_model_id": new]), .conflict, field: "replacement_model_id")
            expectError(try await api.post("/api/models/ghost/deprecate"), .notFound)
            expectError(try await api.post("/api/models/ghost/restore"), .notFound)
            expectError(try await api.post("/api/models/ghost/set-default"), .notFound)
            // PATCH status works as well, and a builtin can be deprecated with a replacement.
            let builtin = try await api.patch(
                "/api/models/ollama-llama3", ["status": "deprecated", "replacement_model_id": "ollama-llama3.1"])
            #expect(builtin.status == .ok, "\(builtin)")
            #expect(builtin.object["replacement_model_id"] as? String == "ollama-llama3.1")
            #expect(try await api.allModels("status=deprecated").count == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func deprecatingTheDefaultNeedsASuccessor(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let path = "/api/models/mistral-mistral-small-latest"
            #expect(try await api.get(path).object["is_default"] as? Bool == true)
            expectError(try await api.post("\(path)/deprecate"), .conflict, code: "model_is_default", messageContains: "default")
            let moved = try await api.post("\(path)/deprecate", ["replacement_model_id": "mistral-mistral-medium-latest"])
            #expect(moved.status == .ok, "\(moved)")
            #expect(moved.object["is_default"] as? Bool == false)
            #expect(try await api.get("/api/providers/mistral").object["default_model_id"] as? String == "mistral-mistral-medium-latest")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func duplicatesAreConflicts(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            try await api.createModel("One", apiName: "dup", provider: "openai")
            expectError(
                try await api.send(.post, "/api/models", json: ["provider_id": "openai", "name": "Two", "api_name": "dup"]),
                .conflict, code: "duplicate_api_name", field: "api_name")
            expectError(
                try await api.send(.post, "/api/models", json: ["provider_id": "ollama", "name": "Three", "api_name": "llama3.2"]),
                .conflict, field: "api_name")
            try await api.createModel("Four", apiName: "dup", provider: "ollama")
            let five = try await api.createModel("Five", apiName: "five", provider: "openai").id
            expectError(try await api.patch("/api/models/\(five)", ["api_name": "dup"]), .conflict, field: "api_name")
            // Connection names are unique too, without case.
            expectError(try await api.patch("/api/providers/openai", ["name": "mistral"]), .conflict, field: "name")
            #expect(try await api.patch("/api/providers/openai", ["name": "OpenAI Prod"]).status == .ok)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func localModelsOverHTTP(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let local = try await api.createModel(
                "Phi Local", provider: "local", ["hf_repo": "acme/phi-GGUF", "model_file": "phi-Q4_K_M.gguf"])
            #expect(local.object["kind"] as? String == "local")
            #expect(local.object["download_status"] as? String == "pending")
            #expect(local.object["downloaded"] as? Bool == false)
            #expect(local.object["hf_revision"] as? String == "main")
            expectError(
                try await api.send(.post, "/api/models", json: ["provider_id": "local", "name": "L", "api_name": "l"]),
                .conflict, field: "hf_repo")
            expectError(
                try await api.send(.post, "/api/models", json: ["provider_id": "openai", "name": "H", "api_name": "h", "hf_repo": "a/b"]),
                .conflict, code: "not_a_local_model")
        }
    }
}
