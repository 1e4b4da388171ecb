/// Any server that speaks the OpenAI API (vLLM, llama.cpp's server, LM Studio, a LiteLLM
/// proxy…): it has no public address, so the connection gives one.
struct OpenAICompatibleAPI: OpenAIStyleAPI {
    let name = "the server"
    let apiName = "an OpenAI-compatible API"
    let defaultBaseURL: String? = nil
    let baseURLExample = "http://localhost:8000/v1"
}
