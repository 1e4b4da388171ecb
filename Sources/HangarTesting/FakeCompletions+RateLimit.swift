import Foundation

extension FakeCompletions.RateLimit {
    /// The wait the message names: the header's seconds, else its milliseconds, else one second.
    private var seconds: Int {
        if let text = retryAfter, let seconds = Int(text.trimmingCharacters(in: .whitespaces)) { return seconds }
        if let milliseconds = retryAfterMilliseconds { return max(1, (milliseconds + 999) / 1000) }
        return 1
    }

    private var retryHeaders: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let retryAfter { headers.append(("Retry-After", retryAfter)) }
        if let retryAfterMilliseconds { headers.append(("retry-after-ms", String(retryAfterMilliseconds))) }
        return headers
    }

    /// OpenAI's answer when a model's requests-per-minute limit is reached (Mistral and
    /// compatible servers get the same from `FakeOpenAI`).
    func openAI(model: String) -> FakeResponse {
        let message =
            "Rate limit reached for \(model) in organization org-fake0001 on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in \(seconds)s. Visit https://platform.openai.com/account/rate-limits to learn more."
        return .json(
            429,
            object: [
                "error": ["message": message, "type": "requests", "param": NSNull(), "code": "rate_limit_exceeded"] as [String: Any]
            ],
            headers: retryHeaders + [
                ("x-ratelimit-limit-requests", "3"), ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-reset-requests", "\(seconds)s"), ("x-ratelimit-limit-tokens", "30000"),
                ("x-ratelimit-remaining-tokens", "29980"), ("x-ratelimit-reset-tokens", "40ms"),
            ])
    }

    /// Azure OpenAI's answer when a deployment's call rate limit is reached.
    func azure(apiVersion: String, operation: String = "ChatCompletions_Create") -> FakeResponse {
        let unit = seconds == 1 ? "second" : "seconds"
        let message =
            "Requests to the \(operation) Operation under Azure OpenAI API version \(apiVersion) have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after \(seconds) \(unit). Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."
        return .json(
            429, object: ["error": ["code": "429", "message": message]],
            headers: retryHeaders + [("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-remaining-tokens", "29980")])
    }

    /// What a rate-limiting proxy in front of Ollama answers: no JSON, only the status.
    func proxy() -> FakeResponse {
        FakeResponse(
            status: 429, headers: [("Content-Type", "text/plain; charset=utf-8")] + retryHeaders,
            body: .bytes(Array("Too Many Requests\n".utf8)))
    }
}
