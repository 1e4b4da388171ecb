import Catalog
import Foundation
import HangarCore
import SQLKit

/// The field rules of a key request (422), and the ones that need the catalog (409).
enum KeyValidation {
    static let budgetMax = Decimal(1_000_000)

    static func check(_ draft: APIKeyDraft, now: String) throws {
        var fields = FieldRules.connectionProblems(
            name: draft.name, rpmLimit: draft.rpmLimit, tpmLimit: draft.tpmLimit, maxParallel: draft.maxParallel)
        if let scopes = draft.scopes, scopes.isEmpty {
            fields["scopes"] = .required("A key needs at least one scope: inference, catalog:read.")
        }
        if let models = draft.models {
            if models.isEmpty {
                fields["models"] = .required("List at least one model id, or leave models out to allow every active model.")
            } else if let bad = models.first(where: { !SQLText.storable($0) || $0.isEmpty || $0.unicodeScalars.count > 128 }) {
                fields["models"] = .invalid("'\(bad.prefix(40))' is not a model id.")
            }
        }
        if let budget = draft.budgetUSD {
            if budget < 0 {
                fields["budget_usd"] = FieldError(.tooSmall, "Budget must be 0 USD or more.", params: ["min": .number(0)])
            } else if budget > budgetMax {
                fields["budget_usd"] = FieldError(.tooLarge, "Budget must be at most 1,000,000 USD.", params: ["max": .number(1_000_000)])
            } else if !PriceRule.fitsPlaces(budget) {
                fields["budget_usd"] = PriceRule.placesProblem
            }
            if draft.budgetPeriod == nil {
                fields["budget_period"] = .required("A budget needs its period: day, month or total.")
            }
        } else if draft.budgetPeriod != nil {
            fields["budget_usd"] = .required("A budget period needs the budget in USD.")
        }
        if let expiresAt = draft.expiresAt {
            if let date = Self.date(expiresAt) {
                if Timestamp.format(date) <= now {
                    fields["expires_at"] = .invalid("The expiry must be in the future.")
                }
            } else {
                fields["expires_at"] = .invalidFormat(
                    example: "2027-01-31T00:00:00Z", "Expiry must be a date and time like 2027-01-31T00:00:00Z.")
            }
        }
        if !fields.isEmpty { throw HangarError.validation(fields) }
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
