/// Mistral's hosted API (OpenAI-style).
struct MistralAPI: OpenAIStyleAPI {
    let name = "Mistral"
    let apiName = "the Mistral API"
    let defaultBaseURL: String? = "https://api.mistral.ai"
    let baseURLExample = "https://api.mistral.ai"
}
