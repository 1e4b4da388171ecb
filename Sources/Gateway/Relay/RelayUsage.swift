import Foundation

/// The tokens an upstream counted, from a whole answer or from one streamed chunk.
struct RelayUsage: Sendable, Equatable {
    var promptTokens: Int?
    var completionTokens: Int?

    /// What one JSON answer or chunk says: its usage, whether it carries choices, and how much
    /// text it adds (for an estimate when the upstream counts nothing).
    struct Reading {
        var usage: RelayUsage?
        /// Nil when the object has no `choices` array.
        var choiceCount: Int?
        /// The object carries an `error` member (an upstream failure sent as an event).
        var hasError = false
        /// Bytes of the choices' text (`delta.content` in a chunk, `message.content` in an
        /// answer); text in other shapes (Mistral's list of parts) counts as none.
        var textBytes = 0

        /// A stream's usage-only chunk: no choices, the counts.
        var isUsageOnly: Bool { usage != nil && choiceCount == 0 }
    }

    /// Read at the byte level, not with `JSONDecoder`: this runs on every answer and every
    /// streamed chunk, and decoding cost more than relaying. Nil unless `bytes` is one object.
    static func read(_ bytes: ArraySlice<UInt8>) -> Reading? {
        let bytes = Array(bytes)
        guard let members = RelayJSON.members(bytes) else { return nil }
        var reading = Reading(hasError: members["error"].map { !bytes[$0].elementsEqual("null".utf8) } ?? false)
        if let range = members["usage"], let usage = RelayJSON.members(bytes, in: range) {
            reading.usage = RelayUsage(
                promptTokens: usage["prompt_tokens"].flatMap { RelayJSON.integer(bytes[$0]) },
                completionTokens: usage["completion_tokens"].flatMap { RelayJSON.integer(bytes[$0]) })
        }
        if let range = members["choices"], let choices = RelayJSON.elements(bytes, in: range) {
            reading.choiceCount = choices.count
            for choice in choices {
                guard let fields = RelayJSON.members(bytes, in: choice) else { continue }
                for part in ["delta", "message"] {
                    guard let range = fields[part], let holder = RelayJSON.members(bytes, in: range),
                        let content = holder["content"], let text = RelayJSON.text(bytes[content])
                    else { continue }
                    reading.textBytes += text.utf8.count
                }
            }
        }
        return reading
    }
}
