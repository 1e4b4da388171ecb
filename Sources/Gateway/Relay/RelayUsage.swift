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
            struct Delta: Decodable {
                let content: String?
            }
            let delta: Delta?
        }

        let usage: RelayUsage?
        let choices: [Choice]?
        let error: AnyError?

        struct AnyError: Decodable {}

        /// A stream's usage-only chunk: no choices, the counts.
        var isUsageOnly: Bool { usage != nil && choices?.isEmpty == true }

        var textBytes: Int { choices?.reduce(0) { $0 + ($1.delta?.content?.utf8.count ?? 0) } ?? 0 }
    }

    static func read(_ bytes: ArraySlice<UInt8>) -> Reading? {
        try? JSONDecoder().decode(Reading.self, from: Data(bytes))
    }
}
