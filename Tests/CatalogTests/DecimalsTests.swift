import Catalog
import Foundation
import Testing

/// A stored price becomes the decimal its canonical text says, built without the text.
@Suite struct DecimalsTests {
    @Test func exactIsTheCanonicalTextsValue() {
        var generator = SystemRandomNumberGenerator()
        let scales: [Double] = [1, 10, 100, 1_000, 1_000_000, 7]
        let values: [Double] =
            [0, 0.15, 1.5, 2.5, 10, 0.000001, 0.0000015, 123_456.789012, 1e9, 3.14159265, -0.5, 1e12]
            + (0..<20_000).map { _ in Double(Int.random(in: 0...100_000_000, using: &generator)) / scales.randomElement(using: &generator)!
            }
        for value in values {
            let fromText = Decimal(string: Decimals.canonical(value), locale: Locale(identifier: "en_US_POSIX"))
            #expect(Decimals.exact(value) == fromText, "\(value)")
            #expect(Decimals.exact(value).description == fromText?.description, "\(value)")
        }
    }
}
