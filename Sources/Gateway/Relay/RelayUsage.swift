import Foundation

/// The tokens an upstream counted, from a whole answer or from one streamed chunk.
struct RelayUsage: Decodable, Sendable, Equatable {
    var promptTokens: Int?
    var completionTokens: Int?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }

    /// What one JSON answer or chunk says: its usage, whether it carries choices, and how much
    /// text it adds (for an estimate when the upstream counts nothing).
    struct Reading: Decodable {
        struct Choice: Decodable {
            /// Text as a string; other shapes (Mistral's list of parts) count as none rather than
            /// making the whole chunk unreadable, which would lose its usage.
            struct Delta: Decodable {
                let content: String?

                enum CodingKeys: String, CodingKey { case content }

                init(from decoder: any Decoder) throws {
                    content = try? decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .content)
                }
            }
            /// A streamed chunk's piece of text.
            let delta: Delta?
            /// A whole answer's text.
            let message: Delta?
        }

        let usage: RelayUsage?
        let choices: [Choice]?
        let error: AnyError?

        struct AnyError: Decodable {}

        /// A stream's usage-only chunk: no choices, the counts.
        var isUsageOnly: Bool { usage != nil && choices?.isEmpty == true }

        var textBytes: Int {
            choices?.reduce(0) { $0 + ($1.delta?.content?.utf8.count ?? 0) + ($1.message?.content?.utf8.count ?? 0) } ?? 0
        }
    }

    static func read(_ bytes: ArraySlice<UInt8>) -> Reading? {
        try? JSONDecoder().decode(Reading.self, from: Data(bytes))
    }
}
