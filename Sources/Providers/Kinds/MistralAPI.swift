/// Mistral's hosted API (OpenAI-style).
struct MistralAPI: OpenAIStyleAPI {
    let name = "Mistral"
    let apiName = "the Mistral API"
    let defaultBaseURL: String? = "https://api.mistral.ai"
    let baseURLExample = "https://api.mistral.ai"
    /// Mistral counts a stream's tokens in its last chunk on its own and documents no
    /// `stream_options`.
    let takesStreamUsageOption = false
}
