import Catalog
import Foundation
import Gateway
import HangarCore
import HangarTesting
import Storage
import Synchronization
import Testing

/// Application keys: the secret is shown once and kept only as a hash; a revoked or expired key
/// opens nothing; bad requests are refused field by field.
@Suite struct KeyServiceTests {
    static func withKeys(
        _ engine: DatabaseEngine, now: @escaping @Sendable () -> Date = Date.init,
        _ body: @Sendable @escaping (KeyService, any Database) async throws -> Void
    ) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await CatalogSeeder.seed(database)
            try await body(KeyService(database: database, now: now), database)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theSecretIsShownOnceAndOpensTheKey(_ engine: DatabaseEngine) async throws {
        try await Self.withKeys(engine) { keys, database in
            let created = try await keys.create(
                APIKeyDraft(name: "Runs", rpmLimit: 60, budgetUSD: Decimal(string: "12.5"), budgetPeriod: .month))
            #expect(created.secret.hasPrefix("hk_") && created.secret.count == 35)
            #expect(created.secret.hasPrefix(created.key.prefix) && created.key.prefix.count == 9)
            #expect(created.key.scopes == [.inference] && created.key.models == nil && created.key.budgetUSD == Decimal(string: "12.5"))
            #expect(try await keys.authenticate(created.secret)?.id == created.key.id)
            #expect(try await keys.keys().map(\.id).contains(created.key.id))
            // Neither the secret nor its hash is ever given out; the database holds the hash only.
            let json = String(decoding: try JSONEncoder().encode(try await keys.key(id: created.key.id)), as: UTF8.self)
            #expect(!json.contains(created.secret) && !json.contains("hash"))
            let stored = try await database.read { sql in try await sql.raw("SELECT * FROM api_keys").all() }
            for row in stored {
                for column in row.allColumns {
                    #expect((try? row.decode(column: column, as: String?.self))??.contains(created.secret) != true, "\(column)")
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aRevokedOrExpiredKeyOpensNothing(_ engine: DatabaseEngine) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await Self.withKeys(engine, now: { clock.now }) { keys, _ in
            let revoked = try await keys.create(APIKeyDraft(name: "Gone"))
            #expect(try await keys.revoke(id: revoked.key.id).revokedAt != nil)
            #expect(try await keys.authenticate(revoked.secret) == nil)
            let expiring = try await keys.create(APIKeyDraft(name: "Short", expiresAt: "2027-01-15T08:00:01Z"))
            #expect(try await keys.authenticate(expiring.secret) != nil)
            clock.now = Date(timeIntervalSince1970: 1_800_000_002)
            #expect(try await keys.authenticate(expiring.secret) == nil)
            // Look-alikes and strangers open nothing either.
            #expect(try await keys.authenticate("hk_" + String(repeating: "A", count: 32)) == nil)
            #expect(try await keys.authenticate("Bearer something") == nil)
            await #expect(throws: HangarError.notFound(.key, id: "missing")) { _ = try await keys.revoke(id: "missing") }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func badRequestsAreRefusedFieldByField(_ engine: DatabaseEngine) async throws {
        try await Self.withKeys(engine) { keys, _ in
            let error = await #expect(throws: HangarError.self) {
                _ = try await keys.create(
                    APIKeyDraft(
                        name: "", models: [], scopes: [], rpmLimit: 0, budgetUSD: Decimal(string: "-1"), expiresAt: "tomorrow"))
            }
            let fields = error?.fields ?? [:]
            #expect(Set(fields.keys) == ["name", "models", "scopes", "rpm_limit", "budget_usd", "budget_period", "expires_at"])
            #expect(fields["budget_usd"]?.code == .tooSmall && fields["expires_at"]?.code == .invalidFormat)
            let unknown = await #expect(throws: HangarError.self) {
                _ = try await keys.create(APIKeyDraft(name: "Scoped", models: ["no-such-model"]))
            }
            #expect(unknown?.code == .modelNotFound && unknown?.fields["models"]?.code == .notFound)
            let stored = try await keys.keys()
            #expect(stored.isEmpty)
        }
    }
}

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date) { value = Mutex(start) }
    var now: Date {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
