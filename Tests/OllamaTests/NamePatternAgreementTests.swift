import Foundation
import Ollama
import Testing

/// The contract's `OllamaModelName.pattern` lets clients (and Schemathesis) generate names;
/// it must accept exactly what `OllamaName` accepts, or valid requests would be refused.
@Suite("The contract's name pattern agrees with OllamaName")
struct NamePatternAgreementTests {
    static func contractPattern() throws -> NSRegularExpression {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try String(contentsOf: root.appendingPathComponent("Sources/HTTPAPI/openapi.yaml"), encoding: .utf8)
        let section = try #require(yaml.components(separatedBy: "\n    OllamaModelName:\n      description:").dropFirst().first)
        let line = try #require(section.split(separator: "\n").first { $0.contains("pattern: '") })
        let pattern = String(line.drop { $0 != "'" }.dropFirst().dropLast())
        #expect(pattern == OllamaName.pattern, "openapi.yaml and OllamaName.pattern (served by GET /api/meta) differ")
        return try NSRegularExpression(pattern: pattern)
    }

    @Test("on 20,000 random short names from the characters that matter")
    func agree() throws {
        let regex = try Self.contractPattern()
        let alphabet = Array("aZ0_.:/-é ")
        var generator = SystemRandomNumberGenerator()
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...10, using: &generator)
            let name = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let matches = regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
            let valid = (try? OllamaName(name)) != nil
            if matches != valid { disagreements.append("\(name) pattern=\(matches) OllamaName=\(valid)") }
        }
        #expect(disagreements.count == 0, "\(disagreements.prefix(10))")
    }
}
