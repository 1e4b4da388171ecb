import Catalog
import Foundation
import Governance
import HangarCore
import Jobs
import Providers
import Storage
import Upstream

/// The OpenAI-compatible gateway: authenticates application keys, turns a request's `model`
/// into a catalog model, applies the key's and the connection's limits and the key's budget,
/// relays the call to the connection's upstream, and records its usage.
public struct GatewayService: Sendable {
    public let keys: KeyService
    public let catalog: GatewayCatalog
    let governor: CallGovernor
    let budget: BudgetGuard
    let usage: UsageBatcher
    let client: UpstreamClient
    let retry: RetryPolicy
    /// Longest wait for an upstream's answer to start; a non-streamed answer starts only once
    /// the model has written all of it.
    let headTimeout: Duration
    let now: @Sendable () -> Date

    public init(
        keys: KeyService, catalog: GatewayCatalog, governor: CallGovernor, budget: BudgetGuard, usage: UsageBatcher,
        client: UpstreamClient = .relay, retry: RetryPolicy = .standard, headTimeout: Duration = .seconds(600),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.keys = keys
        self.catalog = catalog
        self.governor = governor
        self.budget = budget
        self.usage = usage
        self.client = client
        self.retry = retry
        self.headTimeout = headTimeout
        self.now = now
    }

    /// The gateway over `database`, its parts wired the one way the server and the tests share.
    public static func over(
        database: any Database, catalog: CatalogService, settings: SettingsService, events: EventBus?,
        client: UpstreamClient = .relay, retry: RetryPolicy = .standard
    ) -> GatewayService {
        GatewayService(
            keys: KeyService(database: database), catalog: GatewayCatalog(catalog: catalog, settings: settings, events: events),
            governor: CallGovernor(database: database), budget: BudgetGuard(database: database), usage: UsageBatcher(catalog: catalog),
            client: client, retry: retry)
    }

    /// Returns once the usage of every call answered so far on this replica is committed:
    /// readers of usage, spend and `last_used_at` call it first.
    public func usageSettled() async {
        await usage.settled()
    }

    /// The open key behind `secret`, or the 401 SDKs expect.
    public func authenticate(_ secret: String?) async throws -> APIKey {
        guard let secret, let key = try await keys.authenticate(secret) else { throw OpenAIError.invalidKey }
        return key
    }

    public func models(for key: APIKey) async throws -> GatewayModelList {
        GatewayModelList.models(for: key, in: try await catalog.snapshot())
    }

    /// Admits and sends one call; the answer is either complete or a stream to relay.
    public func call(_ operation: RelayOperation, body: [UInt8], key: APIKey) async throws -> GatewayOutcome {
        guard key.scopes.contains(.inference) else {
            throw HangarError(
                .forbidden, code: .forbidden,
                message: "This key may only read the catalog (scope catalog:read); ask an admin for a key with the inference scope.")
        }
        let request = try RelayRequest(body)
        let snapshot = try await catalog.snapshot()
        let resolved = try snapshot.resolver.resolve(request.model, for: key)
        let model = resolved.model
        let (provider, target) = try Self.route(model, in: snapshot)
        let prices = Prices(model)
        let estimate = TokenEstimate(
            input: max(1, body.count / 4),
            output: operation == .embeddings ? 0 : max(0, request.maxTokens ?? model.maxOutputTokens))
        var reservation: String?
        if key.activeBudget != nil {
            guard let most = prices.cost(input: estimate.input, output: estimate.output) else {
                throw HangarError(
                    .forbidden, code: .modelUnpriced,
                    message:
                        "'\(ModelResolver.qualified(model))' has no price, so this key's budget cannot be kept; an admin can set its prices (0 for a free model)."
                )
            }
            reservation = try await reserve(for: key, upTo: most)
        }
        let admitted = ContinuousClock.now
        let keyPermit: CallGovernor.Permit
        do {
            keyPermit = try await governor.acquire(
                providerID: "key:\(key.id)", providerName: key.name,
                limits: ProviderLimits(requestsPerMinute: key.rpmLimit, tokensPerMinute: key.tpmLimit, maxParallel: key.maxParallel),
                tokens: estimate.total, deadline: .now, holder: "The key '\(key.name)'")
        } catch {
            await budget.cancel(reservation)
            throw error
        }
        let call = GatewayCall(
            service: self, operation: operation, key: key, resolved: resolved, provider: provider, target: target, request: request,
            prices: prices, estimate: estimate, reservation: reservation, keyPermit: keyPermit, started: admitted,
            headers: Self.headers(for: resolved))
        return try await call.send()
    }

    /// A budget's refusal may come from calls this replica answered moments ago, whose
    /// reservations (their most) stand until their records commit: the key is then asked again
    /// once they have, so a client calling one after another is not refused for its last call.
    private func reserve(for key: APIKey, upTo most: Decimal) async throws -> String? {
        do {
            return try await budget.reserve(for: key, upTo: most)
        } catch let error as HangarError where error.code == .budgetExceeded {
            guard usage.hasPending else { throw error }
            await usage.settled()
            return try await budget.reserve(for: key, upTo: most)
        }
    }

    /// The connection a model's calls go to, or why none can take them.
    static func route(_ model: CatalogModel, in snapshot: GatewayCatalog.Snapshot) throws -> (Provider, RelayTarget) {
        guard let (provider, target) = snapshot.target(of: model) else {
            throw HangarError(
                .unavailable, code: .providerNotConfigured,
                message: "The connection serving '\(ModelResolver.qualified(model))' has no valid base URL; an admin must set it.")
        }
        if !snapshot.hasKey(provider), [.mistral, .openai, .azureOpenAI].contains(provider.kind) {
            throw HangarError(
                .unavailable, code: .providerNotConfigured,
                message: "The connection '\(provider.name)' has no API key, so its models cannot be called; an admin must add one.")
        }
        return (provider, target)
    }

    /// What the client is told about the model beside the answer.
    static func headers(for resolved: ResolvedModel) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let warning = resolved.warning { headers.append(("Hangar-Warning", HeaderText.safe(warning))) }
        if let from = resolved.redirectedFrom {
            let qualified = ModelResolver.qualified(from)
            headers.append(("Hangar-Redirected-From", HeaderText.safe(qualified)))
            headers.append(
                (
                    "Hangar-Warning",
                    HeaderText.safe("'\(qualified)' is deprecated; this call was served by '\(ModelResolver.qualified(resolved.model))'.")
                ))
        }
        return headers
    }
}

/// A model's prices as exact decimals.
struct Prices: Sendable {
    let input: Decimal?
    let output: Decimal?

    init(_ model: CatalogModel) {
        input = model.costInputPerMillion.map(Decimals.exact)
        output = model.costOutputPerMillion.map(Decimals.exact)
    }

    func cost(input tokensIn: Int?, output tokensOut: Int?) -> Decimal? {
        UsageRecord.cost(input: tokensIn, output: tokensOut, inputPrice: input, outputPrice: output)
    }
}

/// What a call may use at most, before the upstream says what it used.
struct TokenEstimate: Sendable {
    let input: Int
    let output: Int
    var total: Int { input + output }
}

/// Header values are ASCII: anything else is percent-encoded rather than dropped.
enum HeaderText {
    static func safe(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.value >= 0x20, scalar.value != 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out
    }
}
