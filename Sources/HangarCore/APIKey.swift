import Foundation

/// What an application key may do: call models through the gateway, read the catalog.
public enum KeyScope: String, Codable, Sendable, CaseIterable {
    case inference
    case catalogRead = "catalog:read"
}

/// The span a key's budget covers; a period's spend starts again at its start (UTC).
public enum BudgetPeriod: String, Codable, Sendable, CaseIterable {
    case day, month, total
}

/// An application key as the API shows it: never its secret, only the secret's first
/// characters, so an admin can tell keys apart.
public struct APIKey: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// `hk_` and the next characters of the secret.
    public var prefix: String
    /// Catalog model ids the key may call; nil means every active model.
    public var models: [String]?
    public var scopes: [KeyScope]
    public var rpmLimit: Int?
    public var tpmLimit: Int?
    public var maxParallel: Int?
    /// Exact dollars, as text in storage so no float rounding creeps into a budget.
    public var budgetUSD: Decimal?
    public var budgetPeriod: BudgetPeriod?
    public var expiresAt: String?
    public var revokedAt: String?
    public var lastUsedAt: String?
    public var createdAt: String
    public var updatedAt: String
    /// The priced spend of the current budget period (all time without a budget).
    public var spentUSD: Decimal
    /// When the current budget period ends; nil without a budget or for `total`.
    public var periodEndsAt: String?

    public init(
        id: String, name: String, prefix: String, models: [String]? = nil, scopes: [KeyScope] = [.inference],
        rpmLimit: Int? = nil, tpmLimit: Int? = nil, maxParallel: Int? = nil, budgetUSD: Decimal? = nil,
        budgetPeriod: BudgetPeriod? = nil, expiresAt: String? = nil, revokedAt: String? = nil, lastUsedAt: String? = nil,
        createdAt: String, updatedAt: String, spentUSD: Decimal = 0, periodEndsAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.models = models
        self.scopes = scopes
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
        self.budgetUSD = budgetUSD
        self.budgetPeriod = budgetPeriod
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.spentUSD = spentUSD
        self.periodEndsAt = periodEndsAt
    }

    /// Whether the key opens nothing any more at `now` (an ISO timestamp, compared as text).
    public func isClosed(at now: String) -> Bool {
        revokedAt != nil || expiresAt.map { $0 <= now } == true
    }

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, models, scopes
        case rpmLimit = "rpm_limit"
        case tpmLimit = "tpm_limit"
        case maxParallel = "max_parallel"
        case budgetUSD = "budget_usd"
        case budgetPeriod = "budget_period"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case spentUSD = "spent_usd"
        case periodEndsAt = "period_ends_at"
    }

    /// The budget period in force, or nil when the key has no budget.
    public var activeBudget: (limit: Decimal, period: BudgetPeriod)? {
        guard let budgetUSD, let budgetPeriod else { return nil }
        return (budgetUSD, budgetPeriod)
    }

    /// Every key is sent, null included, as the contract lists them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(prefix, forKey: .prefix)
        try c.encode(models, forKey: .models)
        try c.encode(scopes, forKey: .scopes)
        try c.encode(rpmLimit, forKey: .rpmLimit)
        try c.encode(tpmLimit, forKey: .tpmLimit)
        try c.encode(maxParallel, forKey: .maxParallel)
        try c.encode(budgetUSD, forKey: .budgetUSD)
        try c.encode(budgetPeriod, forKey: .budgetPeriod)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(revokedAt, forKey: .revokedAt)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(spentUSD, forKey: .spentUSD)
        try c.encode(periodEndsAt, forKey: .periodEndsAt)
    }
}

extension BudgetPeriod {
    /// The name of the period containing `date` in the spend ledger: the UTC day
    /// (`2026-12-07`), the UTC month (`2026-12`), or `total`.
    public func label(at date: Date) -> String {
        let day = String(Timestamp.format(date).prefix(10))
        switch self {
        case .day: return day
        case .month: return String(day.prefix(7))
        case .total: return "total"
        }
    }

    /// When the period containing `date` ends (the next UTC midnight or first of the month);
    /// nil for `total`, which never ends.
    public func end(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        switch self {
        case .day:
            return calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date))
        case .month:
            let start = calendar.date(from: calendar.dateComponents([.year, .month], from: date))
            return start.flatMap { calendar.date(byAdding: .month, value: 1, to: $0) }
        case .total:
            return nil
        }
    }
}

/// `POST /api/keys`: unknown fields are refused, `null` is not "absent".
public struct APIKeyDraft: Codable, Sendable, Hashable {
    public var name: String
    public var models: [String]?
    public var scopes: [KeyScope]?
    public var rpmLimit: Int?
    public var tpmLimit: Int?
    public var maxParallel: Int?
    public var budgetUSD: Decimal?
    public var budgetPeriod: BudgetPeriod?
    public var expiresAt: String?

    public init(
        name: String, models: [String]? = nil, scopes: [KeyScope]? = nil, rpmLimit: Int? = nil, tpmLimit: Int? = nil,
        maxParallel: Int? = nil, budgetUSD: Decimal? = nil, budgetPeriod: BudgetPeriod? = nil, expiresAt: String? = nil
    ) {
        self.name = name
        self.models = models
        self.scopes = scopes
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
        self.budgetUSD = budgetUSD
        self.budgetPeriod = budgetPeriod
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, models, scopes
        case rpmLimit = "rpm_limit"
        case tpmLimit = "tpm_limit"
        case maxParallel = "max_parallel"
        case budgetUSD = "budget_usd"
        case budgetPeriod = "budget_period"
        case expiresAt = "expires_at"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.required(String.self, forKey: .name)
        models = try c.strict([String].self, forKey: .models)
        scopes = try c.strict([KeyScope].self, forKey: .scopes)
        rpmLimit = try c.strict(Int.self, forKey: .rpmLimit)
        tpmLimit = try c.strict(Int.self, forKey: .tpmLimit)
        maxParallel = try c.strict(Int.self, forKey: .maxParallel)
        budgetUSD = try c.strict(Decimal.self, forKey: .budgetUSD)
        budgetPeriod = try c.strict(BudgetPeriod.self, forKey: .budgetPeriod)
        expiresAt = try c.strict(String.self, forKey: .expiresAt)
    }
}

/// The answer to `POST /api/keys`: the key, and its secret, shown this once.
public struct CreatedAPIKey: Codable, Sendable, Hashable {
    public var key: APIKey
    public var secret: String

    public init(key: APIKey, secret: String) {
        self.key = key
        self.secret = secret
    }

    public init(from decoder: any Decoder) throws {
        key = try APIKey(from: decoder)
        secret = try decoder.container(keyedBy: AnyCodingKey.self).decode(String.self, forKey: AnyCodingKey("secret"))
    }

    public func encode(to encoder: any Encoder) throws {
        try key.encode(to: encoder)
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        try c.encode(secret, forKey: AnyCodingKey("secret"))
    }
}

/// `PATCH /api/keys/{id}`: absent leaves a field, `null` clears it (models → every active
/// model; a limit, the budget or the expiry → none).
public struct APIKeyPatch: Codable, Sendable, Hashable {
    public var name: String?
    public var models: PatchValue<[String]>?
    public var scopes: [KeyScope]?
    public var rpmLimit: PatchValue<Int>?
    public var tpmLimit: PatchValue<Int>?
    public var maxParallel: PatchValue<Int>?
    public var budgetUSD: PatchValue<Decimal>?
    public var budgetPeriod: PatchValue<BudgetPeriod>?
    public var expiresAt: PatchValue<String>?

    public init(
        name: String? = nil, models: PatchValue<[String]>? = nil, scopes: [KeyScope]? = nil, rpmLimit: PatchValue<Int>? = nil,
        tpmLimit: PatchValue<Int>? = nil, maxParallel: PatchValue<Int>? = nil, budgetUSD: PatchValue<Decimal>? = nil,
        budgetPeriod: PatchValue<BudgetPeriod>? = nil, expiresAt: PatchValue<String>? = nil
    ) {
        self.name = name
        self.models = models
        self.scopes = scopes
        self.rpmLimit = rpmLimit
        self.tpmLimit = tpmLimit
        self.maxParallel = maxParallel
        self.budgetUSD = budgetUSD
        self.budgetPeriod = budgetPeriod
        self.expiresAt = expiresAt
    }

    typealias CodingKeys = APIKeyDraft.CodingKeys

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.strict(String.self, forKey: .name)
        models = try c.patch([String].self, forKey: .models)
        scopes = try c.strict([KeyScope].self, forKey: .scopes)
        rpmLimit = try c.patch(Int.self, forKey: .rpmLimit)
        tpmLimit = try c.patch(Int.self, forKey: .tpmLimit)
        maxParallel = try c.patch(Int.self, forKey: .maxParallel)
        budgetUSD = try c.patch(Decimal.self, forKey: .budgetUSD)
        budgetPeriod = try c.patch(BudgetPeriod.self, forKey: .budgetPeriod)
        expiresAt = try c.patch(String.self, forKey: .expiresAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(patch: models, forKey: .models)
        try c.encodeIfPresent(scopes, forKey: .scopes)
        try c.encode(patch: rpmLimit, forKey: .rpmLimit)
        try c.encode(patch: tpmLimit, forKey: .tpmLimit)
        try c.encode(patch: maxParallel, forKey: .maxParallel)
        try c.encode(patch: budgetUSD, forKey: .budgetUSD)
        try c.encode(patch: budgetPeriod, forKey: .budgetPeriod)
        try c.encode(patch: expiresAt, forKey: .expiresAt)
    }

    /// The key as this patch leaves it (before validation).
    public func applied(to key: APIKey) -> APIKey {
        var key = key
        if let name { key.name = name }
        if let models { key.models = models.value.map { Array(Set($0)).sorted() } }
        if let scopes { key.scopes = KeyScope.allCases.filter(scopes.contains) }
        if let rpmLimit { key.rpmLimit = rpmLimit.value }
        if let tpmLimit { key.tpmLimit = tpmLimit.value }
        if let maxParallel { key.maxParallel = maxParallel.value }
        if let budgetUSD { key.budgetUSD = budgetUSD.value }
        if let budgetPeriod { key.budgetPeriod = budgetPeriod.value }
        if let expiresAt { key.expiresAt = expiresAt.value }
        return key
    }
}
