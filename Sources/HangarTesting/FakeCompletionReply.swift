import Foundation

/// What every fake completion answers, derived from the request alone so tests can compute
/// the expected text and usage:
///
/// - the text is `FakeCompletionReply.sentence` cut to its first `completionTokens` words;
/// - `completionTokens` = min(`max_tokens` (or `max_completion_tokens`, or Ollama's
///   `num_predict`), the sentence's word count); a missing or negative limit means the whole
///   sentence;
/// - `promptTokens` = the whitespace-separated words of every message's content (the text
///   parts of a list content) + `promptOverhead`;
/// - the finish reason is `length` when the limit cut the sentence short, else `stop`.
public struct FakeCompletionReply: Sendable, Hashable {
    public static let sentence = "Hello from the fake model, happy to help with your request."
    /// What a chat template adds around the messages, fixed so the count stays predictable.
    public static let promptOverhead = 7

    public let text: String
    public let promptTokens: Int
    public let completionTokens: Int
    public let finishReason: String

    /// The reply to messages with these contents under this token limit.
    public init(contents: [String], maxTokens: Int?) {
        let words = Self.sentence.split(separator: " ")
        let limit = maxTokens.flatMap { $0 >= 0 ? $0 : nil } ?? words.count
        completionTokens = min(limit, words.count)
        text = words.prefix(completionTokens).joined(separator: " ")
        promptTokens = contents.reduce(Self.promptOverhead) { $0 + Self.words(in: $1) }
        finishReason = completionTokens < words.count ? "length" : "stop"
    }

    init(text: String, promptTokens: Int, completionTokens: Int, finishReason: String) {
        self.text = text
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.finishReason = finishReason
    }

    /// "You said: " and the last user message (cut to 400 characters), with a fixed usage: a
    /// reply that shows what was sent, for checks that the prompt's text is shown as text.
    public static func echo(contents: [String], promptTokens: Int, completionTokens: Int) -> FakeCompletionReply {
        FakeCompletionReply(
            text: String("You said: \(contents.last ?? "")".prefix(400)), promptTokens: promptTokens,
            completionTokens: completionTokens, finishReason: "stop")
    }

    /// The contents of the user messages of a chat request body, in order.
    static func userContents(_ body: [String: Any]) -> [String] {
        let messages = body["messages"] as? [[String: Any]] ?? []
        return messages.filter { $0["role"] as? String == "user" }.map { text(of: $0["content"]) }
    }

    /// The reply to a chat request body (OpenAI's or Ollama's).
    init(chatBody body: [String: Any]) {
        let messages = body["messages"] as? [[String: Any]] ?? []
        let options = body["options"] as? [String: Any]
        let limit = [body["max_tokens"], body["max_completion_tokens"], options?["num_predict"]]
            .compactMap { ($0 as? NSNumber).map(\.intValue) }.first
        self.init(contents: messages.map { Self.text(of: $0["content"]) }, maxTokens: limit)
    }

    /// The reply's words one by one, as a stream hands them over: joined, they give `text`.
    var pieces: [String] {
        text.split(separator: " ").enumerated().map { $0.offset == 0 ? String($0.element) : " " + $0.element }
    }

    static func words(in text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    private static func text(of content: Any?) -> String {
        switch content {
        case let text as String:
            return text
        case let parts as [[String: Any]]:
            return parts.compactMap { $0["type"] as? String == "text" ? $0["text"] as? String : nil }.joined(separator: " ")
        default:
            return ""
        }
    }
}
