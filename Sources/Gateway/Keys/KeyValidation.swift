import Catalog
import Foundation
import HangarCore
import SQLKit

/// The field rules of a key request (422), and the ones that need the catalog (409).
enum KeyValidation {
    static let budgetMax = Decimal(1_000_000)

    static func check(_ draft: APIKeyDraft, now: String) throws {
        try check(
            name: draft.name, models: draft.models, scopes: draft.scopes, rpmLimit: draft.rpmLimit, tpmLimit: draft.tpmLimit,
            maxParallel: draft.maxParallel, budgetUSD: draft.budgetUSD, budgetPeriod: draft.budgetPeriod, expiresAt: draft.expiresAt,
            now: now)
    }

    /// A patch is checked on the key it leaves; the expiry only when the patch sets it.
    static func check(_ patch: APIKeyPatch, leaving key: APIKey, now: String) throws {
        try check(
            name: patch.name, models: patch.models?.value, scopes: patch.scopes, rpmLimit: patch.rpmLimit?.value,
            tpmLimit: patch.tpmLimit?.value, maxParallel: patch.maxParallel?.value, budgetUSD: key.budgetUSD,
            budgetPeriod: key.budgetPeriod, expiresAt: patch.expiresAt?.value, now: now, pairingFromState: true)
    }

    private static func check(
        name: String?, models: [String]?, scopes: [KeyScope]?, rpmLimit: Int?, tpmLimit: Int?, maxParallel: Int?,
        budgetUSD: Decimal?, budgetPeriod: BudgetPeriod?, expiresAt: String?, now: String, pairingFromState: Bool = false
    ) throws {
        var fields = FieldRules.connectionProblems(name: name, rpmLimit: rpmLimit, tpmLimit: tpmLimit, maxParallel: maxParallel)
        if let scopes, scopes.isEmpty {
            fields["scopes"] = .required("A key needs at least one scope: inference, catalog:read.")
        }
        if let models {
            if models.isEmpty {
                fields["models"] = .required("List at least one model id, or leave models out to allow every active model.")
            } else if let bad = models.first(where: { !SQLText.storable($0) || $0.isEmpty || $0.unicodeScalars.count > 128 }) {
                fields["models"] = .invalid("'\(bad.prefix(40))' is not a model id.")
            }
        }
        if let budget = budgetUSD {
            if budget < 0 {
                fields["budget_usd"] = FieldError(.tooSmall, "Budget must be 0 USD or more.", params: ["min": .number(0)])
            } else if budget > budgetMax {
                fields["budget_usd"] = FieldError(.tooLarge, "Budget must be at most 1,000,000 USD.", params: ["max": .number(1_000_000)])
            } else if !PriceRule.fitsPlaces(budget) {
                fields["budget_usd"] = PriceRule.placesProblem
            }
        }
        var pairing: [String: FieldError] = [:]
        if budgetUSD != nil, budgetPeriod == nil {
            pairing["budget_period"] = .required("A budget needs its period: day, month or total.")
        } else if budgetUSD == nil, budgetPeriod != nil {
            pairing["budget_usd"] = .required("A budget period needs the budget in USD.")
        }
        if !pairingFromState { fields.merge(pairing) { first, _ in first } }
        if let expiresAt {
            if Self.date(expiresAt) == nil {
                fields["expires_at"] = .invalidFormat(
                    example: "2027-01-31T00:00:00Z", "Expiry must be a date and time like 2027-01-31T00:00:00Z.")
            }
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
        // A patch that leaves a budget without its period (or the other way round) breaks no
        // field on its own: it depends on what the key holds, so it is a 409.
        if pairingFromState, !pairing.isEmpty {
            throw HangarError(
                .conflict, code: .budgetIncomplete,
                message: "A key's budget and its period go together; send both, or clear both with null.", fields: pairing)
        }
        // Whether a date is past depends on the clock, not on the field alone: 409, as for
        // the other rules that depend on state.
        if let expiresAt, let date = Self.date(expiresAt), Timestamp.format(date) <= now {
            throw HangarError(
                .conflict, code: .expiryInPast, message: "A key's expiry must be in the future; pick a later date or none.",
                fields: ["expires_at": .invalid("The expiry must be in the future.")])
        }
    }

    /// An RFC 3339 date and time (`2027-01-31T00:00:00Z`, with or without fractions or an offset).
    static func date(_ text: String) -> Date? {
        if let date = Timestamp.parse(text) { return date }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }

    /// Every listed model exists in the catalog.
    static func requireModels(_ ids: [String], on sql: any SQLDatabase) async throws {
        let rows = try await sql.select().column("id").from("models").where("id", .in, ids).all()
        let known = Set(try rows.map { try $0.decode(column: "id", as: String.self) })
        if let missing = ids.first(where: { !known.contains($0) }) {
            throw HangarError(
                .conflict, code: .modelNotFound,
                message: "No model with id '\(missing.prefix(80))'; list the catalog's models to find the right id.",
                fields: ["models": FieldError(.notFound, "No model with the id '\(missing.prefix(80))'.")])
        }
    }
}
