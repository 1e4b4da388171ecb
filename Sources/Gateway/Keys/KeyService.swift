import Catalog
import Foundation
import HangarCore
import SQLKit
import Storage

/// Application keys: the one writer of `api_keys`. A secret is shown once, at creation, and
/// only its hash is kept; a revoked or expired key opens nothing.
public struct KeyService: Sendable {
    let database: any Database
    let now: @Sendable () -> Date
    /// Keys the gateway authenticated lately. An entry is fresh for half a second and refreshed
    /// in the background for as long again, so a key revoked or changed on another replica is
    /// refused everywhere within a second without a database read on every call, and calls
    /// never wait for that read.
    let recent: KeyCache

    public init(database: any Database, cacheTTL: Duration = .milliseconds(500), now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.now = now
        self.recent = KeyCache(ttl: cacheTTL)
    }

    public func create(_ draft: APIKeyDraft) async throws -> CreatedAPIKey {
        let time = Timestamp.format(now())
        try KeyValidation.check(draft, now: time)
        let secret = KeySecret.generate()
        let key = APIKey(
            id: UUID().uuidString.lowercased(), name: draft.name, prefix: KeySecret.prefix(of: secret),
            models: draft.models.map { Array(Set($0)).sorted() }, scopes: draft.scopes.map(Self.ordered) ?? [.inference],
            rpmLimit: draft.rpmLimit, tpmLimit: draft.tpmLimit, maxParallel: draft.maxParallel, budgetUSD: draft.budgetUSD,
            budgetPeriod: draft.budgetPeriod, expiresAt: draft.expiresAt.flatMap(KeyValidation.date).map(Timestamp.format),
            createdAt: time, updatedAt: time,
            periodEndsAt: draft.budgetUSD == nil ? nil : draft.budgetPeriod?.end(after: now()).map(Timestamp.format))
        try await database.write { sql in
            if let models = key.models { try await KeyValidation.requireModels(models, on: sql) }
            try await KeyQueries.insert(key, secretHash: KeySecret.hash(secret), on: sql)
        }
        return CreatedAPIKey(key: key, secret: secret)
    }

    public func keys() async throws -> [APIKey] {
        let date = now()
        return try await database.read { sql in try await Self.withSpend(try await KeyQueries.all(on: sql), at: date, on: sql) }
    }

    public func key(id: String) async throws -> APIKey {
        let date = now()
        guard SQLText.storable(id),
            let key = try await database.read({ sql -> APIKey? in
                guard let found = try await KeyQueries.find(id: id, on: sql) else { return nil }
                return try await Self.withSpend([found], at: date, on: sql)[0]
            })
        else {
            throw HangarError.notFound(.key, id: id)
        }
        return key
    }

    /// Fills in each key's spend in its current period and when that period ends.
    static func withSpend(_ keys: [APIKey], at date: Date, on sql: any SQLDatabase) async throws -> [APIKey] {
        let periods = keys.map { (keyID: $0.id, period: ($0.activeBudget?.period ?? .total).label(at: date)) }
        let spent = try await SpendLedger.spent(periods, on: sql)
        return keys.map { key in
            var key = key
            key.spentUSD = Picodollars.dollars(spent[key.id] ?? 0)
            key.periodEndsAt = key.activeBudget?.period.end(after: date).map(Timestamp.format)
            return key
        }
    }

    public func update(id: String, _ patch: APIKeyPatch) async throws -> APIKey {
        let time = Timestamp.format(now())
        return try await database.write { sql in
            guard SQLText.storable(id), let current = try await KeyQueries.find(id: id, on: sql) else {
                throw HangarError.notFound(.key, id: id)
            }
            var key = patch.applied(to: current)
            try KeyValidation.check(patch, leaving: key, now: time)
            if let models = patch.models?.value { try await KeyValidation.requireModels(models, on: sql) }
            key.expiresAt = key.expiresAt.flatMap(KeyValidation.date).map(Timestamp.format)
            key.updatedAt = time
            try await KeyQueries.update(key, on: sql)
            recent.clear()
            return try await Self.withSpend([key], at: now(), on: sql)[0]
        }
    }

    /// Revokes the key; revoking a revoked key changes nothing.
    public func revoke(id: String) async throws -> APIKey {
        let time = Timestamp.format(now())
        return try await database.write { sql in
            guard SQLText.storable(id), try await KeyQueries.find(id: id, on: sql) != nil else {
                throw HangarError.notFound(.key, id: id)
            }
            try await KeyQueries.revoke(id: id, at: time, on: sql)
            recent.clear()
            guard let key = try await KeyQueries.find(id: id, on: sql) else { throw HangarError.notFound(.key, id: id) }
            return try await Self.withSpend([key], at: now(), on: sql)[0]
        }
    }

    /// The open key whose secret this is, or nil: a malformed, unknown, revoked or expired
    /// secret opens nothing, and the caller cannot tell which (nothing to probe).
    public func authenticate(_ secret: String) async throws -> APIKey? {
        guard KeySecret.looksLikeSecret(secret) else { return nil }
        let hash = KeySecret.hash(secret)
        let key: APIKey?
        switch recent.lookup(hash) {
        case .fresh(let cached):
            key = cached
        case .stale(let cached, let refresh):
            key = cached
            if refresh {
                Task { [self] in
                    do {
                        try await read(hash)
                    } catch {
                        recent.refreshFailed(for: hash)
                    }
                }
            }
        case .missing:
            key = try await read(hash)
        }
        guard let key, !key.isClosed(at: Timestamp.format(now())) else { return nil }
        return key
    }

    @discardableResult
    private func read(_ hash: String) async throws -> APIKey? {
        let started = recent.reading()
        let key = try await database.read { sql in try await KeyQueries.find(secretHash: hash, on: sql) }
        recent.store(key, for: hash, readAt: started)
        return key
    }

    private static func ordered(_ scopes: [KeyScope]) -> [KeyScope] {
        KeyScope.allCases.filter(scopes.contains)
    }
}
