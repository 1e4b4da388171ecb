/// The few fields of each upstream answer the test relies on; everything else is ignored.
struct OpenAIModelList: Decodable {
    struct Model: Decodable { let id: String }
    let data: [Model]
}

struct ChatCompletion: Decodable {
    struct Choice: Decodable {}
    let choices: [Choice]
}

struct OllamaVersion: Decodable {
    let version: String
}

struct OllamaTags: Decodable {
    struct Model: Decodable { let name: String }
    let models: [Model]
}

struct OllamaGeneration: Decodable {
    let response: String
}

/// The message inside an error body: OpenAI and Azure `{"error":{"message":…}}`, Ollama
/// `{"error":"…"}`, and the `{"message":…}` or `{"detail":…}` of some compatible servers.
struct UpstreamErrorBody: Decodable {
    let message: String?

    private enum Keys: String, CodingKey { case error, message, detail }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if let text = try? container.decode(String.self, forKey: .error) {
            message = text
        } else if let nested = try? container.nestedContainer(keyedBy: Keys.self, forKey: .error) {
            message = try? nested.decode(String.self, forKey: .message)
        } else {
            message =
                (try? container.decode(String.self, forKey: .message))
                ?? (try? container.decode(String.self, forKey: .detail))
        }
    }
}
