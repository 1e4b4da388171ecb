import Foundation

/// Ollama's real answers to the calls Hangar makes.
struct OllamaRoutes: Sendable {
    let version: String
    let models: [String]

    func answer(_ request: RecordedRequest) -> FakeResponse {
        switch (request.method, request.path) {
        case ("GET", "/api/version"):
            return .json(200, object: ["version": version])
        case ("GET", "/api/tags"):
            return .json(200, object: ["models": models.map(Self.tag)])
        case ("POST", "/api/generate"):
            return generate(request)
        default:
            // Ollama's router answers unknown routes in plain text.
            return FakeResponse(
                status: 404, headers: [("Content-Type", "text/plain")], body: .bytes(Array("404 page not found".utf8)))
        }
    }

    private func generate(_ request: RecordedRequest) -> FakeResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        guard let model = body?["model"] as? String else { return FakeErrorFormat.ollama(400, "model is required") }
        let known = models.contains(model) || models.contains(model + ":latest")
        guard known else { return FakeErrorFormat.ollama(404, "model '\(model)' not found") }
        return .json(
            200,
            object: [
                "model": model, "created_at": "2025-01-20T10:12:44.123456789Z", "response": "P", "done": true,
                "done_reason": "length", "context": [128_006, 882, 128_007], "total_duration": 301_234_567,
                "load_duration": 20_123_456, "prompt_eval_count": 26, "prompt_eval_duration": 130_000_000,
                "eval_count": 1, "eval_duration": 1_000_000,
            ])
    }

    private static func tag(_ name: String) -> [String: Any] {
        [
            "name": name, "model": name, "modified_at": "2025-01-15T09:30:12.345678901+01:00", "size": 2_019_393_189,
            "digest": "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            "details": [
                "parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
                "parameter_size": "3.2B", "quantization_level": "Q4_K_M",
            ] as [String: Any],
        ]
    }
}
