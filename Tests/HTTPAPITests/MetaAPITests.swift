import Catalog
import Foundation
import HangarCore
import HangarTesting
import Storage
import Testing

/// `GET /api/meta` publishes the rules the server checks with; a client that follows them
/// must refuse exactly what the server refuses.
@Suite struct MetaAPITests {
    static func meta() async throws -> [String: Any] {
        let body = try await TestServer.withApp(try await TestDatabases.makeLocation(.sqlite)) { api in
            // Public: no token, no cookie.
            let reply = try await api.send(.get, "/api/meta", token: nil)
            #expect(reply.status == .ok, "\(reply)")
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            return reply.body
        }
        // Whole bounds go out as JSON integers (`1024`, not `1024.0`), as a form shows them.
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains(#""min":1024,"#) && !text.contains("1024.0"), "\(text.prefix(300))")
        return try JSON.object(body)
    }

    static func rule(_ meta: [String: Any], _ form: String, _ field: String) throws -> [String: Any] {
        let forms = try #require(meta["fields"] as? [String: [String: Any]])
        return try #require(forms[form]?[field] as? [String: Any], "\(form).\(field)")
    }

    @Test func rulesAreTheServersOwn() async throws {
        let meta = try await Self.meta()
        let ranges: [(String, String, ClosedRange<Double>)] = [
            ("provider", "rpm_limit", Double(FieldRules.limitRange.lowerBound)...Double(FieldRules.limitRange.upperBound)),
            ("provider", "tpm_limit", Double(FieldRules.limitRange.lowerBound)...Double(FieldRules.limitRange.upperBound)),
            ("provider", "max_parallel", 1...1000),
            ("model", "context_window", 1024...2_000_000),
            ("model", "max_output_tokens", 256...128_000),
            ("model", "temperature_default", FieldRules.temperatureRange),
            ("model", "cost_input_per_million", FieldRules.costRange),
            ("model", "cost_output_per_million", FieldRules.costRange),
            ("settings", "download_concurrency", 1...16),
            ("settings", "ollama_cache_seconds", 0...3600),
            ("settings", "job_retention_days", 1...3650),
        ]
        for (form, field, range) in ranges {
            let rule = try Self.rule(meta, form, field)
            #expect(rule["min"] as? Double == range.lowerBound, "\(form).\(field): \(rule)")
            #expect(rule["max"] as? Double == range.upperBound, "\(form).\(field): \(rule)")
            #expect(rule["required"] as? Bool == false, "\(form).\(field)")
        }
        // Each bound is where the server's rule starts to refuse.
        #expect(FieldRules.contextWindow(1024) == nil && FieldRules.contextWindow(1023)?.params["min"] == .number(1024))
        #expect(try Self.rule(meta, "model", "cost_input_per_million")["decimal_places"] as? Int == PriceRule.places)

        for form in ["provider", "model"] {
            let name = try Self.rule(meta, form, "name")
            #expect(name["max_length"] as? Int == FieldRules.nameMax && name["min_length"] as? Int == 1)
            #expect(name["required"] as? Bool == true && name["not_blank"] as? Bool == true && name["no_control"] as? Bool == true)
        }
        let apiName = try Self.rule(meta, "model", "api_name")
        #expect(apiName["max_length"] as? Int == FieldRules.apiNameMax && apiName["no_spaces"] as? Bool == true)
        for (form, field) in [("provider", "api_key"), ("model", "hf_token")] {
            let secret = try Self.rule(meta, form, field)
            #expect(secret["type"] as? String == "secret" && secret["printable_ascii"] as? Bool == true)
            #expect(secret["max_length"] as? Int == FieldRules.secretMax)
        }
        for (form, field) in [("provider", "base_url"), ("settings", "hf_endpoint")] {
            let url = try Self.rule(meta, form, field)
            #expect(url["type"] as? String == "url" && url["schemes"] as? [String] == ["http", "https"])
            #expect(url["max_length"] as? Int == FieldRules.urlMaxLength)
        }
        #expect(try Self.rule(meta, "settings", "hf_endpoint")["default"] as? String == "https://huggingface.co")
        #expect(try Self.rule(meta, "settings", "job_retention_days")["default"] as? Int == 30)
        #expect(try Self.rule(meta, "model", "context_window")["default"] as? Int == CatalogService.defaultContextWindow)
    }

    @Test func codesAndKindsAreEveryCase() async throws {
        let meta = try await Self.meta()
        #expect(meta["error_codes"] as? [String] == ErrorCode.allCases.map(\.rawValue))
        #expect(meta["field_error_codes"] as? [String] == FieldErrorCode.allCases.map(\.rawValue))
        let kinds = try #require(meta["kinds"] as? [String: [String]])
        #expect(kinds["provider"] == ProviderKind.allCases.map(\.rawValue))
        #expect(kinds["creatable_provider"] == ["mistral", "openai", "azure-openai", "ollama", "openai-compatible"])
        #expect(kinds["model_purpose"] == ModelPurpose.allCases.map(\.rawValue))
        #expect(kinds["job_state"] == JobState.allCases.map(\.rawValue))
    }

    /// Ollama names are checked in the browser with the rule Ollama's own parser states
    /// (NamePatternAgreementTests compares that pattern with the parser on random names).
    @Test func ollamaNamesFollowTheContractsPattern() async throws {
        let rule = try Self.rule(try await Self.meta(), "ollama", "model")
        #expect(rule["pattern"] as? String == (try OpenAPIContract.schema("OllamaModelName")["pattern"] as? String))
        #expect(rule["max_length"] as? Int == 600 && rule["required"] as? Bool == true)
    }

    /// Each published pattern is the contract's, and with its length limit it accepts what the
    /// server's matcher accepts, on fixed and on random values.
    @Test func patternsAgreeWithTheContractAndTheServer() async throws {
        let meta = try await Self.meta()
        let checks: [(field: String, schema: String, rule: (String) -> FieldError?, alphabet: String, suffix: String)] = [
            ("api_version", "APIVersion", FieldRules.apiVersion, "0129-previw", ""),
            ("hf_repo", "HFRepo", FieldRules.hfRepo, "aZ09._-/", ""),
            ("hf_revision", "HFRevision", FieldRules.hfRevision, "aZ09._-/", ""),
            ("model_file", "ModelFile", FieldRules.modelFile, "aZ09._-/", ".gguf"),
        ]
        var generator = SystemRandomNumberGenerator()
        for check in checks {
            let form = check.field == "api_version" ? "provider" : "model"
            let rule = try Self.rule(meta, form, check.field)
            let pattern = try #require(rule["pattern"] as? String)
            #expect(pattern == (try OpenAPIContract.schema(check.schema)["pattern"] as? String), "\(check.field)")
            let regex = try NSRegularExpression(pattern: pattern)
            let maxLength = rule["max_length"] as? Int ?? .max
            func clientAccepts(_ value: String) -> Bool {
                value.unicodeScalars.count <= maxLength
                    && regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            }
            var samples = [
                "2024-10-21", "2025-01-01-preview", "2024-1-21", "owner/name", "a/b/c", "-a/b", "main", "refs/pr/1", ".hidden",
                "model.gguf", "dir/sub/model.gguf", "../model.gguf", "/abs/model.gguf", "", String(repeating: "a", count: 97) + "/b",
                String(repeating: "d/", count: 9) + "m.gguf", String(repeating: "x", count: 600) + ".gguf",
            ]
            let alphabet = Array(check.alphabet)
            for _ in 0..<3000 {
                let length = Int.random(in: 1...20, using: &generator)
                samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }) + check.suffix)
            }
            var disagreements: [String] = []
            for value in samples where clientAccepts(value) != (check.rule(value) == nil) {
                disagreements.append("\(value) client=\(clientAccepts(value)) server=\(check.rule(value) == nil)")
            }
            #expect(disagreements.isEmpty, "\(check.field): \(disagreements.prefix(10))")
        }
    }
}
