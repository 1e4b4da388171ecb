import Foundation

/// Prices are kept to the millionth of a dollar. A finer price is refused rather than rounded,
/// so that what an admin typed is what Hangar charges.
public enum PriceRule {
    public static let places = 6
    public static let placesMessage = "Cost must have at most 6 decimal places."
    public static let placesProblem = FieldError(.tooManyDecimals, placesMessage, params: ["places": .number(Double(places))])

    /// A JSON number arrives as a binary double, so 0.000003 may be 2.9999999999999997e-06:
    /// the test allows a few units in the last place of the scaled value, never a real
    /// seventh decimal (nor a tiny non-zero price such as 1e-300).
    public static func fitsPlaces(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        let scaled = value * 1_000_000
        return abs(scaled - scaled.rounded()) <= scaled.ulp * 4
    }

    public static func fitsPlaces(_ value: Decimal) -> Bool {
        var scaled = value * 1_000_000
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        return whole == scaled
    }
}
