import Foundation
import HangarTesting
import Storage
import Testing

/// `/api/keys`: the secret comes back once, at creation; lists and reads never show it; DELETE
/// revokes and keeps the record.
@Suite struct KeysAPITests {
    @Test(arguments: TestDatabases.engines)
    func createListReadAndRevoke(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            let created = try await api.post(
                "/api/keys",
                [
                    "name": "Nightly runs", "scopes": ["catalog:read", "inference"], "rpm_limit": 60, "budget_usd": 12.5,
                    "budget_period": "month",
                ])
            #expect(created.status == .created, "\(created)")
            let secret = try #require(created.object["secret"] as? String)
            #expect(secret.hasPrefix("hk_") && secret.count == 35)
            #expect(created.object["prefix"] as? String == String(secret.prefix(9)))
            #expect(created.object["scopes"] as? [String] == ["inference", "catalog:read"])
            #expect(created.object["budget_usd"] as? Double == 12.5 && created.object["models"] is NSNull)

            let listed = try await api.get("/api/keys")
            #expect(listed.items.map { $0["id"] as? String } == [created.id])
            let one = try await api.get("/api/keys/\(created.id)")
            #expect(one.status == .ok && one.object["name"] as? String == "Nightly runs")
            for reply in [listed, one] {
                #expect(!String(decoding: reply.body, as: UTF8.self).contains(secret), "the secret is shown once only")
                #expect(!String(decoding: reply.body, as: UTF8.self).contains("\"secret\""))
            }

            // PATCH: null clears (budget and period together), absent leaves.
            let changed = try await api.patch(
                "/api/keys/\(created.id)", ["name": "Nightly", "rpm_limit": NSNull(), "budget_usd": NSNull(), "budget_period": NSNull()])
            #expect(changed.status == .ok, "\(changed)")
            #expect(changed.object["name"] as? String == "Nightly" && changed.object["rpm_limit"] is NSNull)
            #expect(changed.object["budget_usd"] is NSNull && changed.object["scopes"] as? [String] == ["inference", "catalog:read"])
            expectError(
                try await api.patch("/api/keys/\(created.id)", ["budget_usd": 3]), .conflict, code: "budget_incomplete",
                field: "budget_period")
            expectError(try await api.patch("/api/keys/no-such-key", ["name": "x"]), .notFound, code: "key_not_found")

            let revoked = try await api.delete("/api/keys/\(created.id)")
            #expect(revoked.status == .ok && revoked.object["revoked_at"] is String, "\(revoked)")
            #expect(try await api.get("/api/keys").items.first?["revoked_at"] is String, "the record stays")
            expectError(try await api.delete("/api/keys/no-such-key"), .notFound, code: "key_not_found")
            expectError(try await api.get("/api/keys/no-such-key"), .notFound, code: "key_not_found")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badKeysAreRefusedWithTheirFields(_ engine: DatabaseEngine) async throws {
        try await TestServer.withApp(engine) { api in
            expectError(
                try await api.post("/api/keys", ["name": "x", "budget_usd": 5]), .unprocessableContent, code: "validation_failed",
                field: "budget_period", fieldCode: "required")
            expectError(
                try await api.post("/api/keys", ["name": "x", "expires_at": "2001-01-01T00:00:00Z"]), .conflict,
                code: "expiry_in_past", field: "expires_at")
            expectError(
                try await api.post("/api/keys", ["name": "x", "models": ["no-such-model"]]), .conflict, code: "model_not_found",
                field: "models", fieldCode: "not_found")
            let unknownField = try await api.post("/api/keys", ["name": "x", "admin": true])
            #expect(unknownField.status == .badRequest || unknownField.status == .unprocessableContent, "\(unknownField)")
            #expect(try await api.get("/api/keys").items.isEmpty, "nothing refused was stored")
        }
    }
}
