/// OpenAI's hosted API.
struct OpenAIAPI: OpenAIStyleAPI {
    let name = "OpenAI"
    let apiName = "the OpenAI API"
    let defaultBaseURL: String? = "https://api.openai.com"
    let baseURLExample = "https://api.openai.com"
}
