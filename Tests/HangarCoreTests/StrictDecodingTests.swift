import Foundation
import HangarCore
import Testing

/// Request bodies decode strictly: unknown keys and nulls for non-nullable fields are refused,
/// and PATCH bodies tell an absent key from an explicit null.
@Suite struct StrictDecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// The JSON path of the field a decoding error blames.
    func blamedField(_ error: any Error) -> String? {
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .keyNotFound(let key, let context):
            return context.codingPath.last?.stringValue == key.stringValue ? context.codingPath.last?.stringValue : key.stringValue
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            return context.codingPath.last?.stringValue
        @unknown default:
            return nil
        }
    }

    func expectRejected<T: Decodable>(
        _ type: T.Type, _ json: String, blaming field: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try decode(T.self, json)
            Issue.record("\(json) was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error is DecodingError, sourceLocation: sourceLocation)
            if let field { #expect(blamedField(error) == field, "\(error)", sourceLocation: sourceLocation) }
        }
    }

    @Test func draftDecodesEveryField() throws {
        let draft = try decode(
            ModelDraft.self,
            """
            {"provider_id": "local", "name": "Mine", "api_name": "mine", "context_window": 4096,
             "max_output_tokens": 512, "temperature_default": 0.2, "cost_input_per_million": 1.5,
             "cost_output_per_million": null, "hf_repo": "a/b", "hf_revision": "main", "model_file": "x.gguf"}
            """)
        #expect(
            draft
                == ModelDraft(
                    providerID: "local", name: "Mine", apiName: "mine", contextWindow: 4096, maxOutputTokens: 512,
                    temperatureDefault: 0.2, costInputPerMillion: 1.5, costOutputPerMillion: nil, hfRepo: "a/b",
                    hfRevision: "main", modelFile: "x.gguf"))
    }

    @Test func draftRejectsUnknownKeys() {
        expectRejected(ModelDraft.self, #"{"provider_id": "openai", "name": "A", "api_name": "a", "temprature": 1}"#, blaming: "temprature")
        expectRejected(ModelDraft.self, #"{"provider_id": "openai", "name": "A", "api_name": "a", "id": "x"}"#, blaming: "id")
    }

    @Test(arguments: [
        "provider_id", "name", "api_name", "context_window", "max_output_tokens", "temperature_default", "hf_repo", "hf_revision",
        "model_file",
    ])
    func draftRejectsNullForNonNullable(_ field: String) throws {
        var body: [String: Any] = ["provider_id": "openai", "name": "A", "api_name": "a"]
        body[field] = NSNull()
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        expectRejected(ModelDraft.self, json, blaming: field)
    }

    @Test func draftTakesNullCostAsUnknown() throws {
        let draft = try decode(ModelDraft.self, #"{"provider_id": "openai", "name": "A", "api_name": "a", "cost_input_per_million": null}"#)
        #expect(draft.costInputPerMillion == nil)
    }

    @Test(arguments: ["provider_id", "name", "api_name"])
    func draftRequiresIdentity(_ field: String) throws {
        var body: [String: Any] = ["provider_id": "openai", "name": "A", "api_name": "a"]
        body.removeValue(forKey: field)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        expectRejected(ModelDraft.self, json, blaming: field)
    }

    @Test func draftRejectsWrongTypes() {
        expectRejected(
            ModelDraft.self, #"{"provider_id": "openai", "name": "A", "api_name": "a", "context_window": "big"}"#, blaming: "context_window"
        )
        expectRejected(ModelDraft.self, #"{"provider_id": "openai", "name": 7, "api_name": "a"}"#, blaming: "name")
        expectRejected(ModelDraft.self, #"{"provider_id": "openai", "name": "A", "api_name": "a", "context_window": 4096.5}"#, blaming: nil)
    }

    @Test(arguments: ["[]", "[{}]", "\"text\"", "42", "null", "true"])
    func nonObjectBodiesAreRejected(_ json: String) {
        expectRejected(ModelDraft.self, json, blaming: nil)
        expectRejected(ModelPatch.self, json, blaming: nil)
        expectRejected(ProviderPatch.self, json, blaming: nil)
    }

    @Test func patchTellsAbsentFromNull() throws {
        let absent = try decode(ModelPatch.self, "{}")
        #expect(absent == ModelPatch())
        #expect(absent.presentFields.isEmpty)

        let cleared = try decode(ModelPatch.self, #"{"cost_input_per_million": null, "replacement_model_id": null}"#)
        #expect(cleared.costInputPerMillion == .clear)
        #expect(cleared.replacementModelID == .clear)
        #expect(cleared.costOutputPerMillion == nil)
        #expect(cleared.presentFields == ["cost_input_per_million", "replacement_model_id"])

        let set = try decode(ModelPatch.self, #"{"cost_output_per_million": 2.5, "replacement_model_id": "m1", "is_default": true}"#)
        #expect(set.costOutputPerMillion == .set(2.5))
        #expect(set.replacementModelID == .set("m1"))
        #expect(set.isDefault == true)
    }

    @Test(arguments: [
        "name", "api_name", "context_window", "max_output_tokens", "temperature_default", "status", "is_default", "hf_repo", "hf_revision",
        "model_file",
    ])
    func patchRejectsNullForNonNullable(_ field: String) {
        expectRejected(ModelPatch.self, "{\"\(field)\": null}", blaming: field)
    }

    @Test func patchRejectsUnknownKeysAndBadEnums() {
        expectRejected(ModelPatch.self, #"{"provider_id": "openai"}"#, blaming: "provider_id")
        expectRejected(ModelPatch.self, #"{"is_builtin": false}"#, blaming: "is_builtin")
        expectRejected(ModelPatch.self, #"{"status": "retired"}"#, blaming: "status")
    }

    @Test func providerPatchTellsAbsentFromNull() throws {
        let patch = try decode(ProviderPatch.self, #"{"base_url": null, "default_model_id": "m", "rpm_limit": null}"#)
        #expect(patch.baseURL == .clear)
        #expect(patch.defaultModelID == .set("m"))
        #expect(patch.rpmLimit == .clear)
        #expect(patch.tpmLimit == nil)
        #expect(patch.apiVersion == nil)
        expectRejected(ProviderPatch.self, #"{"enabled": null}"#, blaming: "enabled")
        expectRejected(ProviderPatch.self, #"{"name": null}"#, blaming: "name")
        expectRejected(ProviderPatch.self, #"{"kind": "openai"}"#, blaming: "kind")
    }

    @Test func deprecateRequestIsStrict() throws {
        #expect(try decode(DeprecateRequest.self, "{}").replacementModelID == nil)
        #expect(try decode(DeprecateRequest.self, #"{"replacement_model_id": null}"#).replacementModelID == nil)
        #expect(try decode(DeprecateRequest.self, #"{"replacement_model_id": "m2"}"#).replacementModelID == "m2")
        expectRejected(DeprecateRequest.self, #"{"replacement": "m2"}"#, blaming: "replacement")
    }

    /// What a client encodes is what the server decodes, nulls included.
    @Test func patchesRoundTrip() throws {
        let patch = ModelPatch(
            name: "N", costInputPerMillion: .clear, costOutputPerMillion: .set(3), status: .deprecated,
            replacementModelID: .set("r"), isDefault: false)
        let data = try JSONEncoder().encode(patch)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["cost_input_per_million"] is NSNull)
        #expect(object["api_name"] == nil)
        #expect(try JSONDecoder().decode(ModelPatch.self, from: data) == patch)

        let providerPatch = ProviderPatch(baseURL: .clear, enabled: true, maxParallel: .set(4))
        let providerData = try JSONEncoder().encode(providerPatch)
        #expect(try JSONDecoder().decode(ProviderPatch.self, from: providerData) == providerPatch)

        let draft = ModelDraft(providerID: "openai", name: "N", apiName: "n", contextWindow: 2048)
        #expect(try JSONDecoder().decode(ModelDraft.self, from: try JSONEncoder().encode(draft)) == draft)
    }
}
