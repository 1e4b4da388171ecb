import Foundation
import HangarTesting
import Storage
import Testing

@testable import HTTPAPI

/// Every mutation goes through REST's services: the same rules, the same errors, and a failing
/// one changes nothing.
@Suite struct GraphQLMutationTests {
    static let fields = "id name apiName status isDefault replacementModelId costInputPerMillion costOutputPerMillion contextWindow"

    @Test(arguments: TestDatabases.engines)
    func aModelsWholeLife(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let create = """
                mutation Create($input: CreateLlmModelInput!) { createLlmModel(input: $input) { \(Self.fields) provider { id } } }
                """
            let input: [String: Any] = [
                "providerId": "ollama", "name": "Team Llama", "apiName": "team-llama:8b", "contextWindow": 8192,
                "costInputPerMillion": 0.25, "costOutputPerMillion": 1.5,
            ]
            let created = try await api.graphql(create, variables: ["input": input])
            let model = created.data["createLlmModel"] as? [String: Any] ?? [:]
            let id = model["id"] as? String ?? ""
            #expect(
                model["status"] as? String == "ACTIVE" && (model["provider"] as? [String: Any])?["id"] as? String == "ollama", "\(created)")
            let rest = try await api.get("/api/models/\(id)").object
            #expect(rest["api_name"] as? String == "team-llama:8b" && rest["cost_input_per_million"] as? Double == 0.25)

            let update = "mutation U($id: ID!, $input: UpdateLlmModelInput!) { updateLlmModel(id: $id, input: $input) { \(Self.fields) } }"
            let updated = try await api.graphql(
                update, variables: ["id": id, "input": ["name": "Team Llama 2", "costInputPerMillion": NSNull()]])
            let after = updated.data["updateLlmModel"] as? [String: Any] ?? [:]
            #expect(after["name"] as? String == "Team Llama 2" && after["costInputPerMillion"] is NSNull, "\(updated)")
            #expect(after["costOutputPerMillion"] as? Double == 1.5, "an absent field is kept")
            #expect(try await api.get("/api/models/\(id)").object["cost_input_per_million"] is NSNull)

            let deprecated = try await api.graphql(
                #"mutation D($id: ID!) { deprecateLlmModel(id: $id, replacementId: "ollama-llama3.2") { status replacementModelId } }"#,
                variables: ["id": id])
            #expect((deprecated.data["deprecateLlmModel"] as? [String: Any])?["replacementModelId"] as? String == "ollama-llama3.2")
            let restored = try await api.graphql(
                "mutation R($id: ID!) { restoreLlmModel(id: $id) { status replacementModelId } }", variables: ["id": id])
            let back = restored.data["restoreLlmModel"] as? [String: Any] ?? [:]
            #expect(back["status"] as? String == "ACTIVE" && back["replacementModelId"] is NSNull, "\(restored)")

            let connectionDefault = try await api.graphql(
                "mutation S($id: ID!) { setDefaultModel(id: $id) { isDefault } }", variables: ["id": id])
            #expect((connectionDefault.data["setDefaultModel"] as? [String: Any])?["isDefault"] as? Bool == true)
            #expect(try await api.get("/api/providers/ollama").object["default_model_id"] as? String == id)
            let chat = try await api.graphql(
                "mutation S($id: ID!) { setDefaultModel(id: $id, purpose: CHAT) { id } }", variables: ["id": id])
            #expect(chat.object["errors"] == nil, "\(chat)")
            #expect((try await api.get("/api/settings").object["default_models"] as? [String: Any])?["chat"] as? String == id)

            // The connection's default cannot go; once another is the default, it can.
            let delete = "mutation Del($id: ID!) { deleteLlmModel(id: $id) { id name } }"
            let refused = try await api.graphql(delete, variables: ["id": id])
            #expect(refused.code == "model_is_default", "\(refused)")
            #expect(try await api.post("/api/models/ollama-llama3.2/set-default").status == .ok)
            #expect(try await api.send(.put, "/api/settings", json: ["default_models": ["chat": NSNull()]]).status == .ok)
            let deleted = try await api.graphql(delete, variables: ["id": id])
            #expect((deleted.data["deleteLlmModel"] as? [String: Any])?["name"] as? String == "Team Llama 2", "\(deleted)")
            #expect(try await api.get("/api/models/\(id)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aFailingMutationChangesNothing(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let before = try await api.allModels()
            let settingsBefore = try await api.get("/api/settings").text
            let create = "mutation C($input: CreateLlmModelInput!) { createLlmModel(input: $input) { id } }"
            let invalid = try await api.graphql(
                create, variables: ["input": ["providerId": "ollama", "name": "Tiny", "apiName": "tiny", "contextWindow": 0]])
            #expect(invalid.code == "validation_failed" && invalid.fieldCodes["contextWindow"] != nil, "\(invalid)")
            #expect(invalid.data["createLlmModel"] == nil)
            let duplicate = try await api.graphql(
                create, variables: ["input": ["providerId": "ollama", "name": "Again", "apiName": "phi3"]])
            #expect(duplicate.code == "duplicate_api_name", "\(duplicate)")
            let noProvider = try await api.graphql(create, variables: ["input": ["providerId": "nowhere", "name": "X", "apiName": "x"]])
            #expect(noProvider.code == "provider_not_found", "\(noProvider)")
            let missingField = try await api.graphql(create, variables: ["input": ["providerId": "ollama", "name": "X"]])
            #expect(missingField.code == "invalid_query", "\(missingField)")

            let nulled = try await api.graphql(
                #"mutation { updateLlmModel(id: "ollama-phi3", input: {name: null, contextWindow: 9000}) { id } }"#)
            #expect(nulled.code == "validation_failed" && nulled.fieldCodes["name"] == "required", "\(nulled)")
            let unknown = try await api.graphql(#"mutation { updateLlmModel(id: "nope", input: {name: "N"}) { id } }"#)
            #expect(unknown.code == "model_not_found", "\(unknown)")
            let builtin = try await api.graphql(#"mutation { deleteLlmModel(id: "ollama-phi3") { id } }"#)
            #expect(builtin.code == "builtin_model", "\(builtin)")
            let replacement = try await api.graphql(#"mutation { deprecateLlmModel(id: "ollama-phi3", replacementId: "nope") { id } }"#)
            #expect(replacement.code == "replacement_not_found", "\(replacement)")
            let notDeprecated = try await api.graphql(
                #"mutation { updateLlmModel(id: "ollama-phi3", input: {replacementModelId: "ollama-llama3"}) { id } }"#)
            #expect(notDeprecated.code != nil, "\(notDeprecated)")
            #expect(try await api.allModels().map { $0["updated_at"] as? String } == before.map { $0["updated_at"] as? String })

            let setting = "mutation S($key: String!, $value: JSON!) { updateSystemSetting(key: $key, value: $value) { key value } }"
            let unknownKey = try await api.graphql(setting, variables: ["key": "colour", "value": "blue"])
            #expect(unknownKey.code == "validation_failed" && unknownKey.fieldCodes["key"] == "invalid", "\(unknownKey)")
            let outOfRange = try await api.graphql(setting, variables: ["key": "download_concurrency", "value": 99])
            #expect(outOfRange.code == "validation_failed" && outOfRange.fieldCodes["downloadConcurrency"] == "too_large", "\(outOfRange)")
            let wrongType = try await api.graphql(setting, variables: ["key": "download_concurrency", "value": "four"])
            #expect(wrongType.code == "validation_failed" && wrongType.fieldCodes["value"] == "invalid", "\(wrongType)")
            let noSuchDefault = try await api.graphql(setting, variables: ["key": "default_models", "value": ["chat": "nope"]])
            #expect(noSuchDefault.code == "model_not_found", "\(noSuchDefault)")
            #expect(try await api.get("/api/settings").text == settingsBefore)

            let changed = try await api.graphql(setting, variables: ["key": "deprecated_model_policy", "value": "refuse"])
            #expect((changed.data["updateSystemSetting"] as? [String: Any])?["value"] as? String == "refuse", "\(changed)")
            #expect(try await api.get("/api/settings").object["deprecated_model_policy"] as? String == "refuse")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aCatalogReadKeyCannotChangeAnything(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let secret = try await api.keySecret()
            let before = try await api.get("/api/models/ollama-phi3").text
            for mutation in [
                #"mutation { deprecateLlmModel(id: "ollama-phi3") { id } }"#,
                #"mutation { updateLlmModel(id: "ollama-phi3", input: {name: "Mine"}) { id } }"#,
                #"mutation { updateSystemSetting(key: "download_concurrency", value: 1) { key } }"#,
            ] {
                let refused = try await api.graphql(mutation, token: secret)
                #expect(refused.code == "forbidden" && refused.object["data"] == nil, "\(refused)")
            }
            #expect(try await api.get("/api/models/ollama-phi3").text == before)
            #expect(try await api.get("/api/settings").object["download_concurrency"] as? Int == 2)
        }
    }
}
