import Foundation

/// The request bodies, field for field as each API documents them.
enum WireBody {
    struct Message: Encodable {
        let role: String
        let content: String
    }

    /// OpenAI's chat completion body, which Mistral, Azure OpenAI and compatible servers share.
    /// Azure names the model by the deployment in the URL, so `model` is left out there.
    struct Chat: Encodable {
        let model: String?
        let messages: [Message]
        let maxTokens: Int
        let temperature: Double?
        let stream: Bool

        enum CodingKeys: String, CodingKey {
            case model, messages, temperature, stream
            case maxTokens = "max_tokens"
        }
    }

    /// Ollama's `/api/chat` body: sampling settings go under `options`.
    struct OllamaChat: Encodable {
        struct Options: Encodable {
            let numPredict: Int
            let temperature: Double?

            enum CodingKeys: String, CodingKey {
                case temperature
                case numPredict = "num_predict"
            }
        }

        let model: String
        let messages: [Message]
        let stream: Bool
        let options: Options
    }

    static func chat(_ request: CompletionRequest, model: String?) -> [UInt8] {
        encode(
            Chat(
                model: model, messages: [Message(role: "user", content: request.prompt)], maxTokens: request.maxTokens,
                temperature: temperature(request), stream: false))
    }

    static func ollamaChat(_ request: CompletionRequest, model: String) -> [UInt8] {
        encode(
            OllamaChat(
                model: model, messages: [Message(role: "user", content: request.prompt)], stream: false,
                options: .init(numPredict: request.maxTokens, temperature: temperature(request))))
    }

    /// JSON has no NaN or infinity: such a temperature is left to the upstream's default.
    private static func temperature(_ request: CompletionRequest) -> Double? {
        request.temperature.flatMap { $0.isFinite ? $0 : nil }
    }

    /// Strings, integers and finite doubles always encode, so the empty fallback is never sent.
    private static func encode<T: Encodable>(_ body: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(body)).map(Array.init) ?? []
    }
}
