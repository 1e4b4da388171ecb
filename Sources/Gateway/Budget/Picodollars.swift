import Foundation

/// Dollars as whole picodollars (10⁻¹² $): a price per million tokens with up to six decimals
/// times a token count is a whole number of them, so spend adds up exactly on both engines.
enum Picodollars {
    /// Rounds up: a budget may be under-used by a picodollar, never overspent by one.
    static func from(_ dollars: Decimal) -> Int64 {
        var scaled = Decimal(sign: .plus, exponent: 12, significand: dollars)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .up)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    static func dollars(_ pico: Int64) -> Decimal {
        Decimal(sign: .plus, exponent: -12, significand: Decimal(pico))
    }
}
