import Foundation

/// Makes upstream text safe to show: providers echo keys in their errors, whole or masked
/// (OpenAI answers "Incorrect API key provided: sk-abc***…wxyz"), so both are removed.
package enum Redaction {
    package static let placeholder = "[redacted]"
    package static let maxLength = 240

    /// `text` on one line, without the key or what looks like an echo of it, shortened to
    /// `maxLength` characters.
    package static func clean(_ text: String, secret: String?, maxLength: Int = Redaction.maxLength) -> String {
        var text = text.replacingOccurrences(of: "\n", with: " ")
        if let secret, !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: placeholder)
        }
        text = text.split(separator: " ", omittingEmptySubsequences: false)
            .map { redactWord($0, secret: secret) }
            .joined(separator: " ")
        return text.count > maxLength ? String(text.prefix(maxLength - 1)) + "…" : text
    }

    /// Replaces the word's core, keeping the punctuation around it so sentences still read.
    private static func redactWord(_ word: Substring, secret: String?) -> String {
        let edges = CharacterSet.punctuationCharacters.subtracting(CharacterSet(charactersIn: "*-_"))
        let token = word.trimmingCharacters(in: edges)
        guard looksSecret(token, secret: secret), let range = word.range(of: token) else { return String(word) }
        return word.replacingCharacters(in: range, with: placeholder)
    }

    private static func looksSecret(_ token: String, secret: String?) -> Bool {
        guard token.count >= 8 else { return false }
        if token.contains("***") || token.hasPrefix("sk-") { return true }
        guard let secret, secret.count >= 8 else { return false }
        return token.hasPrefix(secret.prefix(6)) || token.hasSuffix(secret.suffix(4))
    }
}
