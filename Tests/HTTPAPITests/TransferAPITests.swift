import App
import Foundation
import HangarTesting
import Storage
import Testing

@Suite struct TransferAPITests {
    /// A connection with a key and limits, a priced model, a default, a changed builtin and settings.
    static func configure(_ api: API) async throws {
        let provider = try await api.post(
            "/api/providers",
            [
                "kind": "openai-compatible", "name": "Lab", "base_url": "http://10.1.2.3:8000", "api_key": "sk-lab-SECRET-123",
                "rpm_limit": 30, "max_parallel": 2,
            ])
        #expect(provider.status == .created, "\(provider)")
        let model = try await api.createModel(
            "Lab Llama", provider: provider.id, ["cost_input_per_million": 0.25, "cost_output_per_million": 1.5])
        #expect(try await api.post("/api/models/\(model.id)/set-default").status == .ok)
        #expect(try await api.patch("/api/models/mistral-mistral-small-latest", ["temperature_default": 0.3]).status == .ok)
        let settings = try await api.send(
            .put, "/api/settings",
            json: [
                "ollama_cache_seconds": 9, "default_models": ["code": model.id],
            ])
        #expect(settings.status == .ok, "\(settings)")
    }

    @Test(arguments: TestDatabases.engines)
    func exportWipeImportExportIsIdenticalAndASecondImportChangesNothing(_ engine: DatabaseEngine) async throws {
        let exported = try await TestServer.withApp(engine) { api in
            try await Self.configure(api)
            let first = try await api.get("/api/export")
            #expect(first.status == .ok)
            #expect(!first.text.contains("sk-lab-SECRET-123") && !first.text.contains("api_key"))
            #expect(first.object["format"] as? String == "hangar-configuration")
            #expect(first.object["version"] as? Int == 1)
            #expect(first.text.contains("0.25") && first.text.contains("1.5"))
            #expect(try await api.get("/api/export").body == first.body, "the same configuration exports to the same bytes")
            return first.text
        }
        // A wiped server: a new, empty database with only the builtin seed.
        try await TestServer.withApp(engine) { api in
            #expect(try await api.get("/api/export").text != exported)
            let preview = try await api.send(.post, "/api/import?dry_run=true", raw: exported)
            #expect(preview.status == .ok, "\(preview)")
            #expect(preview.object["dry_run"] as? Bool == true && preview.object["applied"] as? Bool == false)
            #expect(preview.object["created"] as? Int == 2)
            #expect(try await api.get("/api/export").text != exported, "a dry run writes nothing")

            let applied = try await api.send(.post, "/api/import", raw: exported)
            #expect(applied.status == .ok, "\(applied)")
            #expect(applied.object["applied"] as? Bool == true)
            let items = applied.object["items"] as? [[String: Any]] ?? []
            #expect(items.contains { $0["entity"] as? String == "provider" && ($0["note"] as? String)?.contains("API key") == true })
            #expect(try await api.get("/api/export").text == exported)

            let again = try await api.send(.post, "/api/import", raw: exported)
            #expect(again.object["created"] as? Int == 0 && again.object["updated"] as? Int == 0)
            #expect((again.object["items"] as? [Any])?.isEmpty == true)
            #expect(try await api.get("/api/export").text == exported)
            #expect(try await api.get("/api/settings").object["ollama_cache_seconds"] as? Int == 9)
        }
    }

    @Test func badFilesAreRefusedWithTheirFieldAndNothingChanges() async throws {
        try await TestServer.withApp(.sqlite) { api in
            try await Self.configure(api)
            let before = try await api.get("/api/export").text
            expectError(try await api.send(.post, "/api/import", raw: "{not json"), .badRequest)
            expectError(
                try await api.send(.post, "/api/import", raw: #"{"format":"hangar-configuration","version":1,"extra":1}"#), .badRequest)
            expectError(
                try await api.send(.post, "/api/import", raw: #"{"format":"other","version":1}"#), .unprocessableContent,
                code: "invalid_import", field: "format")
            expectError(
                try await api.send(.post, "/api/import", raw: #"{"format":"hangar-configuration","version":7}"#),
                .unprocessableContent, code: "unsupported_version", field: "version")
            var file = try JSON.object(Data(before.utf8))
            var models = file["models"] as? [[String: Any]] ?? []
            models[0]["context_window"] = 5
            file["models"] = models
            let invalid = try await api.send(.post, "/api/import", json: file)
            expectError(invalid, .unprocessableContent, code: "invalid_import", field: "models[0].context_window")
            #expect(try await api.get("/api/export").text == before)

            // A price finer than the millionth is refused, even one no decimal type holds, never rounded to 0.
            for (price, field) in [("2.0e-277", "cost_input_per_million"), ("3.0000004", "cost_output_per_million")] {
                let fine =
                    #"{"format":"hangar-configuration","version":1,"models":[{"id":"tiny","provider_id":"openai","name":"Tiny","api_name":"tiny","context_window":4096,"max_output_tokens":512,"temperature_default":0.5,"\#(field)":\#(price)}]}"#
                expectError(
                    try await api.send(.post, "/api/import?dry_run=true", raw: fine), .unprocessableContent, code: "invalid_import",
                    field: "models[0].\(field)")
            }
            let exact =
                #"{"format":"hangar-configuration","version":1,"models":[{"id":"tiny","provider_id":"openai","name":"Tiny","api_name":"tiny","context_window":4096,"max_output_tokens":512,"temperature_default":0.5,"cost_input_per_million":0.000003,"cost_output_per_million":3.000001}]}"#
            #expect(try await api.send(.post, "/api/import", raw: exact).status == .ok)
            let model = try await api.get("/api/models/tiny")
            #expect(model.object["cost_input_per_million"] as? Double == 0.000003, "\(model)")
            #expect(model.object["cost_output_per_million"] as? Double == 3.000001)
        }
    }
}
