import Catalog
import Foundation
import HangarCore

/// What one price entry says in the catalog's terms: per-million prices (exact decimals, six
/// places at most, as `PriceRule` keeps them), limits within the catalog's ranges, and the
/// deprecation date. `notes` says what had to be adjusted.
public struct PriceValues: Sendable, Hashable {
    public var costInputPerMillion: Decimal?
    public var costOutputPerMillion: Decimal?
    public var contextWindow: Int?
    public var maxOutputTokens: Int?
    public var deprecationDate: String?
    public var successorAPIName: String?
    public var notes: [String] = []

    public init(_ entry: PriceEntry) {
        costInputPerMillion = Self.perMillion(entry.inputCostPerToken, label: "input price", notes: &notes)
        costOutputPerMillion = Self.perMillion(entry.outputCostPerToken, label: "output price", notes: &notes)
        contextWindow = Self.fit(entry.maxInputTokens, FieldRules.contextWindowRange, label: "context window", notes: &notes)
        // LiteLLM's legacy `max_tokens` is the output limit, or the input one when the provider
        // gives no output limit: taken only when it is not the latter.
        let legacyOutput = entry.maxTokens.flatMap { $0 == entry.maxInputTokens ? nil : $0 }
        maxOutputTokens = Self.fit(
            entry.maxOutputTokens ?? legacyOutput, FieldRules.maxOutputTokensRange, label: "max output tokens", notes: &notes)
        if let context = contextWindow, let output = maxOutputTokens, output > context { maxOutputTokens = nil }
        deprecationDate = entry.deprecationDate
        successorAPIName = entry.successorModel.map { name in name.split(separator: "/").last.map(String.init) ?? name }
    }

    /// Dollars per token × 1,000,000, exactly; a seventh decimal place is rounded half-even
    /// (a price the catalog could not store otherwise) and said in `notes`.
    static func perMillion(_ perToken: Decimal?, label: String, notes: inout [String]) -> Decimal? {
        guard var value = perToken.map({ $0 * 1_000_000 }) else { return nil }
        guard FieldRules.costRange.contains(NSDecimalNumber(decimal: value).doubleValue) else {
            notes.append("The \(label) is outside the catalog's range and was left out.")
            return nil
        }
        if !PriceRule.fitsPlaces(value) {
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, PriceRule.places, .bankers)
            notes.append("The \(label) \(value) per million was rounded to \(rounded).")
            value = rounded
        }
        return value
    }

    /// A limit above the catalog's range is capped (the model takes at least that much); one
    /// below it is left out.
    static func fit(_ value: Int?, _ range: ClosedRange<Int>, label: String, notes: inout [String]) -> Int? {
        guard let value else { return nil }
        if value > range.upperBound {
            notes.append("The \(label) of \(value) was capped at \(range.upperBound), the catalog's maximum.")
            return range.upperBound
        }
        return value < range.lowerBound ? nil : value
    }
}
