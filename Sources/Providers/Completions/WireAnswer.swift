import Foundation

/// The fields of each API's answer that a result needs; everything else is ignored.
enum WireAnswer {
    /// `chat.completion` of OpenAI, Mistral, Azure OpenAI and compatible servers.
    struct Chat: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable {
                let content: Content?
            }

            let message: Message
            let finishReason: String?

            enum CodingKeys: String, CodingKey {
                case message
                case finishReason = "finish_reason"
            }
        }

        struct Usage: Decodable {
            let promptTokens: Int?
            let completionTokens: Int?

            enum CodingKeys: String, CodingKey {
                case promptTokens = "prompt_tokens"
                case completionTokens = "completion_tokens"
            }
        }

        let choices: [Choice]
        let usage: Usage?
        let model: String?
    }

    /// A message's content: a string (null when the model said nothing), or, from Mistral's
    /// reasoning models and some compatible servers, a list of parts whose text parts count.
    struct Content: Decodable {
        let text: String

        private struct Part: Decodable {
            let type: String?
            let text: String?
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else {
                let parts = try container.decode([Part].self)
                self.text = parts.filter { $0.type == nil || $0.type == "text" }.compactMap(\.text).joined()
            }
        }
    }

    /// Ollama's `/api/chat` answer with `"stream": false`.
    struct OllamaChat: Decodable {
        struct Message: Decodable {
            let content: String?
        }

        let model: String?
        let message: Message
        let doneReason: String?
        let promptEvalCount: Int?
        let evalCount: Int?

        enum CodingKeys: String, CodingKey {
            case model, message
            case doneReason = "done_reason"
            case promptEvalCount = "prompt_eval_count"
            case evalCount = "eval_count"
        }
    }

    struct Failure: Error {
        let reason: String
    }

    /// Everything of a result but its latency.
    static func result(_ body: [UInt8], family: CompletionCall.Family) throws(Failure) -> CompletionResult {
        do {
            switch family {
            case .openAI, .azure:
                let answer = try JSONDecoder().decode(Chat.self, from: Data(body))
                guard let choice = answer.choices.first else { throw Failure(reason: "it has no choices") }
                return CompletionResult(
                    text: choice.message.content?.text ?? "", inputTokens: answer.usage?.promptTokens,
                    outputTokens: answer.usage?.completionTokens, latency: .zero, finishReason: choice.finishReason,
                    servedModel: answer.model)
            case .ollama:
                let answer = try JSONDecoder().decode(OllamaChat.self, from: Data(body))
                return CompletionResult(
                    text: answer.message.content ?? "", inputTokens: answer.promptEvalCount, outputTokens: answer.evalCount,
                    latency: .zero, finishReason: answer.doneReason, servedModel: answer.model)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "it is not valid JSON"
        case DecodingError.keyNotFound(let key, _): "it has no \"\(key.stringValue)\" field"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "its \"\(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."))\" field has the wrong type"
        default: "its content is not what was expected"
        }
    }
}
