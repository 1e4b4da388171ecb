import Foundation
import HangarCore
import Testing

/// The contract's prompt pattern and the server's blank check refuse the same prompts, so a
/// client that follows the contract is never refused for white space.
@Suite struct PromptRuleTests {
    @Test func theContractsPatternIsTheServersBlankRule() throws {
        let prompt = try #require(
            (try OpenAPIContract.schema("ModelTestRequest")["properties"] as? [String: Any])?["prompt"] as? [String: Any])
        let regex = try NSRegularExpression(pattern: try #require(prompt["pattern"] as? String))
        let alphabet: [Character] = [
            " ", "\t", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "\u{1}", "\u{1C}", "a", "é",
        ]
        var generator = SystemRandomNumberGenerator()
        var disagreements: [String] = []
        for _ in 0..<5000 {
            let text = String((0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let contract = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            let server = !text.unicodeScalars.allSatisfy(ModelTestRequest.isBlank)
            if contract != server { disagreements.append(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
