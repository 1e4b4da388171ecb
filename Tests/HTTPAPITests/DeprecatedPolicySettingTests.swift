import Foundation
import HangarTesting
import Storage
import Testing

/// `deprecated_model_policy`: warn by default, stored like every setting, reset by null, and
/// only the three policies are taken.
@Suite struct DeprecatedPolicySettingTests {
    @Test(arguments: TestDatabases.engines)
    func thePolicyIsASettingLikeTheOthers(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            #expect(try await api.get("/api/settings").object["deprecated_model_policy"] as? String == "warn")
            let refused = try await api.send(.put, "/api/settings", json: ["deprecated_model_policy": "refuse"])
            #expect(refused.status == .ok && refused.object["deprecated_model_policy"] as? String == "refuse", "\(refused)")
            #expect(try await api.get("/api/settings").object["deprecated_model_policy"] as? String == "refuse")
            let reset = try await api.send(.put, "/api/settings", json: ["deprecated_model_policy": NSNull()])
            #expect(reset.object["deprecated_model_policy"] as? String == "warn")
            let unknown = try await api.send(.put, "/api/settings", json: ["deprecated_model_policy": "ignore"])
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableContent, "\(unknown)")
            #expect(try await api.get("/api/settings").object["deprecated_model_policy"] as? String == "warn")
            let kinds = try await api.send(.get, "/api/meta", token: nil).object["kinds"] as? [String: [String]]
            #expect(kinds?["deprecated_model_policy"] == ["warn", "redirect", "refuse"])
        }
    }
}
