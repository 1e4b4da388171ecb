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
