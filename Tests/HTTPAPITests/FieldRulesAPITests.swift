import Foundation
import HangarTesting
import Storage
import Testing

/// Every field rule is enforced by the server, at and just past its bounds, on create and on
/// PATCH, with a message for the offending field in `error.fields`.
@Suite struct FieldRulesAPITests {
    struct Case: @unchecked Sendable {
        let field: String
        let value: Any
        let accepted: Bool
        /// The field error code a refused value gets.
        var code: String? = nil
    }

    static func text(_ length: Int, _ tag: Int, character: Character = "x") -> String {
        let suffix = "-\(tag)"
        return String(repeating: character, count: length - suffix.count) + suffix
    }

    /// `tag` keeps API names unique between cases.
    static func cases(tag: Int) -> [Case] {
        [
            Case(field: "name", value: text(64, tag), accepted: true),
            Case(field: "name", value: String(repeating: "é", count: 64), accepted: true),
            Case(field: "name", value: text(65, tag), accepted: false, code: "too_long"),
            Case(field: "name", value: String(repeating: "é", count: 65), accepted: false, code: "too_long"),
            Case(field: "name", value: "", accepted: false, code: "required"),
            Case(field: "name", value: "   ", accepted: false, code: "blank"),
            Case(field: "api_name", value: text(128, tag), accepted: true),
            Case(field: "api_name", value: text(129, tag), accepted: false, code: "too_long"),
            Case(field: "api_name", value: "", accepted: false, code: "required"),
            Case(field: "context_window", value: 1024, accepted: true),
            Case(field: "context_window", value: 1023, accepted: false, code: "too_small"),
            Case(field: "context_window", value: 2_000_000, accepted: true),
            Case(field: "context_window", value: 2_000_001, accepted: false, code: "too_large"),
            Case(field: "max_output_tokens", value: 256, accepted: true),
            Case(field: "max_output_tokens", value: 255, accepted: false, code: "too_small"),
            Case(field: "max_output_tokens", value: 128_000, accepted: true),
            Case(field: "max_output_tokens", value: 128_001, accepted: false, code: "too_large"),
            Case(field: "temperature_default", value: 0, accepted: true),
            Case(field: "temperature_default", value: -0.01, accepted: false, code: "too_small"),
            Case(field: "temperature_default", value: 2, accepted: true),
            Case(field: "temperature_default", value: 2.01, accepted: false, code: "too_large"),
            Case(field: "cost_input_per_million", value: 0, accepted: true),
            Case(field: "cost_input_per_million", value: -1, accepted: false, code: "too_small"),
            Case(field: "cost_output_per_million", value: 1_000_000, accepted: true),
            Case(field: "cost_output_per_million", value: 1_000_001, accepted: false, code: "too_large"),
        ]
    }

    static func sameValue(_ lhs: Any?, _ rhs: Any) -> Bool {
        if let l = lhs as? String, let r = rhs as? String { return l == r }
        if let l = lhs as? NSNumber, let r = rhs as? NSNumber { return l.doubleValue == r.doubleValue }
        return false
    }

    @Test(arguments: TestDatabases.engines)
    func boundsOnCreate(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            for (index, rule) in Self.cases(tag: 1).enumerated() {
                var body: [String: Any] = ["provider_id": "openai", "name": "Bounds \(index)", "api_name": "bounds-\(index)"]
                body[rule.field] = rule.value
                let reply = try await api.send(.post, "/api/models", json: body)
                let label = "\(rule.field)=\(String(describing: rule.value).prefix(20))… (\(String(describing: rule.value).count) chars)"
                if rule.accepted {
                    #expect(reply.status == .created, "\(label): \(reply)")
                    #expect(Self.sameValue(reply.object[rule.field], rule.value), "\(label): \(reply)")
                } else {
                    expectError(reply, .unprocessableContent, code: "validation_failed", field: rule.field)
                    #expect(reply.errorFields.count == 1, "\(label): \(reply.errorFields)")
                    #expect(reply.errorFieldCodes[rule.field] == rule.code, "\(label): \(reply)")
                }
            }
            // Several broken rules are reported together.
            let many = try await api.send(
                .post, "/api/models",
                json: [
                    "provider_id": "openai", "name": "", "api_name": "many", "context_window": 10, "temperature_default": 3,
                ])
            expectError(many, .unprocessableContent, code: "validation_failed")
            #expect(Set(many.errorFields.keys) == ["name", "context_window", "temperature_default"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func boundsOnPatch(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let id = try await api.createModel("Patched", provider: "openai").id
            for rule in Self.cases(tag: 2) {
                let before = try await api.get("/api/models/\(id)").object
                let reply = try await api.patch("/api/models/\(id)", [rule.field: rule.value])
                let label = "\(rule.field)=\(String(describing: rule.value).prefix(20))…"
                if rule.accepted {
                    #expect(reply.status == .ok, "\(label): \(reply)")
                    #expect(Self.sameValue(reply.object[rule.field], rule.value), "\(label): \(reply)")
                } else {
                    expectError(reply, .unprocessableContent, code: "validation_failed", field: rule.field)
                    let after = try await api.get("/api/models/\(id)").object
                    #expect(
                        Self.sameValue(after[rule.field], before[rule.field] as Any)
                            || (after[rule.field] is NSNull && before[rule.field] is NSNull),
                        "\(label): a refused PATCH changes nothing")
                }
            }
            // Builtins get the same temperature bounds.
            #expect(try await api.patch("/api/models/ollama-phi3", ["temperature_default": 2]).status == .ok)
            expectError(
                try await api.patch("/api/models/ollama-phi3", ["temperature_default": 2.01]), .unprocessableContent,
                field: "temperature_default")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func providerFieldRules(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let path = "/api/providers/openai"
            #expect(try await api.patch(path, ["rpm_limit": 1, "tpm_limit": 1_000_000_000, "max_parallel": 1000]).status == .ok)
            let rpm = try await api.patch(path, ["rpm_limit": 0])
            expectError(rpm, .unprocessableContent, field: "rpm_limit", fieldCode: "too_small")
            #expect(rpm.errorFieldParams["rpm_limit"]?["min"] as? Int == 1, "\(rpm)")
            #expect(rpm.errorFields["rpm_limit"] == "Requests per minute must be between 1 and 1,000,000,000.")
            expectError(
                try await api.patch(path, ["tpm_limit": 1_000_000_001]), .unprocessableContent, field: "tpm_limit", fieldCode: "too_large")
            expectError(
                try await api.patch(path, ["max_parallel": 1001]), .unprocessableContent, field: "max_parallel", fieldCode: "too_large")
            let url = try await api.patch(path, ["base_url": "ftp://example.com"])
            expectError(url, .unprocessableContent, field: "base_url", fieldCode: "invalid_url")
            #expect(url.errorFieldParams["base_url"]?["reason"] as? String == "scheme", "\(url)")
            expectError(
                try await api.patch(path, ["name": String(repeating: "n", count: 65)]), .unprocessableContent, field: "name",
                fieldCode: "too_long")
            let cleared = try await api.patch(path, ["rpm_limit": NSNull()])
            #expect(JSON.isNull(cleared.object, "rpm_limit"))
            #expect(cleared.object["tpm_limit"] as? Int == 1_000_000_000)
            // Azure needs an endpoint before it can be enabled, and only Azure has an API version.
            expectError(
                try await api.patch("/api/providers/azure-openai", ["enabled": true]), .conflict, field: "base_url", fieldCode: "required")
            let azure = try await api.patch("/api/providers/azure-openai", ["enabled": true, "base_url": "https://me.openai.azure.com"])
            #expect(azure.status == .ok, "\(azure)")
            expectError(try await api.patch(path, ["api_version": "2024-10-21"]), .conflict, field: "api_version", fieldCode: "not_allowed")
            expectError(
                try await api.patch("/api/providers/local", ["base_url": "http://localhost:1"]), .conflict, field: "base_url",
                fieldCode: "not_allowed")
        }
    }
}
