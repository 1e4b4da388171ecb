import Foundation
import HangarCore
import Testing

/// Responses carry every key, optional ones as explicit `null`, so clients never guess.
@Suite struct WireFormatTests {
    static let modelKeys: Set<String> = [
        "id", "provider_id", "provider_kind", "kind", "name", "api_name", "context_window", "max_output_tokens",
        "temperature_default", "is_builtin", "is_default", "status", "replacement_model_id", "cost_input_per_million",
        "cost_output_per_million", "last_used_at", "hf_repo", "hf_revision", "model_file", "download_status",
        "downloaded", "downloaded_at", "local_path", "file_size_bytes", "checksum", "gguf", "hf_token_configured",
        "download_error", "deployed_from", "deprecation_date", "successor_api_name", "price_source", "price_synced_at",
        "limits_guessed", "created_at", "updated_at",
    ]
    static let providerKeys: Set<String> = [
        "id", "kind", "name", "base_url", "api_version", "enabled", "default_model_id", "rpm_limit", "tpm_limit",
        "max_parallel", "is_builtin", "api_key_configured", "last_test", "created_at", "updated_at",
    ]

    func object<T: Encodable>(_ value: T) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    static let hosted = CatalogModel(
        id: "m1", providerID: "openai", providerKind: .openai, kind: .hosted, name: "GPT", apiName: "gpt",
        contextWindow: 8192, maxOutputTokens: 1024, temperatureDefault: 0.7, isBuiltin: false, isDefault: false,
        status: .active, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z")

    @Test func hostedModelEncodesExplicitNulls() throws {
        let json = try object(Self.hosted)
        #expect(Set(json.keys) == Self.modelKeys)
        let nullKeys = [
            "replacement_model_id", "cost_input_per_million", "cost_output_per_million", "last_used_at",
            "hf_repo", "hf_revision", "model_file", "download_status", "downloaded", "downloaded_at",
            "local_path", "file_size_bytes", "checksum", "gguf", "deprecation_date", "successor_api_name", "price_source",
            "price_synced_at",
        ]
        for key in nullKeys { #expect(json[key] is NSNull, "\(key) should be an explicit null") }
        #expect(json["provider_kind"] as? String == "openai")
        #expect(json["is_builtin"] as? Bool == false)
        #expect(json["context_window"] as? Int == 8192)
    }

    @Test func localModelRoundTrips() throws {
        var model = Self.hosted
        model.providerID = "local"
        model.providerKind = .local
        model.kind = .local
        model.hfRepo = "unsloth/Qwen3-0.6B-GGUF"
        model.modelFile = "Qwen3-0.6B-Q4_0.gguf"
        model.downloadStatus = .pending
        model.downloaded = false
        model.gguf = GGUFMetadata(architecture: "qwen3")
        let json = try object(model)
        #expect(json["download_status"] as? String == "pending")
        #expect(json["downloaded"] as? Bool == false)
        let gguf = try #require(json["gguf"] as? [String: Any])
        #expect(Set(gguf.keys) == ["architecture", "parameter_count", "quantization", "context_length"])
        #expect(gguf["parameter_count"] is NSNull)
        let decoded = try JSONDecoder().decode(CatalogModel.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
    }

    @Test func providerEncodesExplicitNulls() throws {
        let provider = Provider(
            id: "azure-openai", kind: .azureOpenAI, name: "Azure OpenAI", enabled: false, isBuiltin: true,
            createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z")
        let json = try object(provider)
        #expect(Set(json.keys) == Self.providerKeys)
        for key in ["base_url", "api_version", "default_model_id", "rpm_limit", "tpm_limit", "max_parallel", "last_test"] {
            #expect(json[key] is NSNull, "\(key) should be an explicit null")
        }
        #expect(json["kind"] as? String == "azure-openai")
        #expect(try JSONDecoder().decode(Provider.self, from: JSONEncoder().encode(provider)) == provider)
    }

    @Test func connectionTestResultEncodesExplicitNulls() throws {
        let result = ConnectionTestResultFixture.make()
        let json = try object(result)
        #expect(json["error_code"] is NSNull)
        #expect(json["models_found"] is NSNull)
        #expect(json["model_ids"] is NSNull)
        #expect(json["success"] as? Bool == true)
    }

    @Test func connectionTestKeepsABoundedListOfModelIDs() throws {
        let long = String(repeating: "m", count: ConnectionTestResult.maxListedIDLength + 1)
        #expect(ConnectionTestResult.listedIDs(nil) == nil)
        #expect(ConnectionTestResult.listedIDs(["b", "", "a", "b", long]) == ["b", "a"])
        let many = (0..<(ConnectionTestResult.maxListedIDs + 10)).map { "model-\($0)" }
        #expect(ConnectionTestResult.listedIDs(many) == Array(many.prefix(ConnectionTestResult.maxListedIDs)))
        // A result stored before the field existed still reads, without ids.
        let stored =
            #"{"success":true,"stage":"model_listing","latency_ms":3,"error_code":null,"error_message":null,"#
            + #""model_tested":null,"server_version":null,"models_found":2,"tested_at":"2026-01-01T00:00:00.000Z"}"#
        let old = try JSONDecoder().decode(ConnectionTestResult.self, from: Data(stored.utf8))
        #expect(old.modelsFound == 2 && old.modelIDs == nil)
        var result = ConnectionTestResultFixture.make()
        result.modelIDs = ["x", "y"]
        #expect(try object(result)["model_ids"] as? [String] == ["x", "y"])
    }

    @Test func validationErrorListsFieldsInOrder() {
        let error = HangarError.validation(["name": .tooLong(max: 64, "too long"), "api_name": .required("empty")])
        #expect(error.kind == .unprocessable)
        #expect(error.code == .validationFailed)
        #expect(error.message.contains("(api_name, name)"))
        #expect(error.fields == ["name": .tooLong(max: 64, "too long"), "api_name": .required("empty")])
        let missing = HangarError.notFound(.model, id: String(repeating: "x", count: 500))
        #expect(missing.code == .modelNotFound)
        #expect(missing.kind == .notFound)
        #expect(missing.message.count < 200, "ids are truncated in messages")
    }

    @Test func timestampsAreFixedWidthUTC() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_700_000_000.0429)) == "2023-11-14T22:13:20.042Z")
        let now = Timestamp.now()
        #expect(now.count == 24)
        #expect(now.hasSuffix("Z"))
    }
}

enum ConnectionTestResultFixture {
    static func make() -> ConnectionTestResult {
        try! JSONDecoder().decode(
            ConnectionTestResult.self, from: Data(#"{"success": true, "stage": "auth", "tested_at": "2026-01-01T00:00:00.000Z"}"#.utf8))
    }
}
