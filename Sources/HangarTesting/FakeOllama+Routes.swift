import Foundation

/// Ollama's real answers (`server/routes.go`), from the fake server's state.
struct OllamaRoutes: Sendable {
    let server: OllamaServerState
    let completions: FakeCompletions

    /// The routes Ollama registers, by path and method; another method on a known path is a
    /// 405 (`HandleMethodNotAllowed`), an unknown path a plain-text 404.
    func answer(_ request: RecordedRequest) async -> FakeResponse {
        if request.path.hasPrefix("/api/blobs/") { return blob(request) }
        switch (request.path, request.method) {
        case ("/", "GET"), ("/", "HEAD"):
            return FakeResponse(
                status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")],
                body: .bytes(Array("Ollama is running".utf8)))
        case ("/api/version", "GET"), ("/api/version", "HEAD"):
            return .json(200, object: ["version": server.version])
        case ("/api/tags", "GET"), ("/api/tags", "HEAD"):
            return tags()
        case ("/api/show", "POST"):
            return show(request)
        case ("/api/pull", "POST"):
            return await pull(request)
        case ("/api/create", "POST"):
            return create(request)
        case ("/api/delete", "DELETE"):
            return delete(request)
        case ("/api/copy", "POST"):
            return copy(request)
        case ("/api/ps", "GET"):
            return ps()
        case ("/api/generate", "POST"):
            return generate(request)
        case ("/api/chat", "POST"):
            return await chat(request)
        case ("/v1/chat/completions", "POST"):
            return await openAIChat(request)
        case ("/v1/embeddings", "POST"):
            return await openAIEmbeddings(request)
        case ("/v1/models", "GET"):
            return openAIModels()
        case ("/", _), ("/api/version", _), ("/api/tags", _), ("/api/show", _), ("/api/pull", _), ("/api/create", _), ("/api/delete", _),
            ("/api/copy", _), ("/api/ps", _), ("/api/generate", _), ("/api/chat", _), ("/v1/chat/completions", _),
            ("/v1/embeddings", _), ("/v1/models", _):
            return Self.plain(405, "405 method not allowed")
        default:
            return Self.plain(404, "404 page not found")
        }
    }

    static func plain(_ status: Int, _ text: String) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "text/plain")], body: .bytes(Array(text.utf8)))
    }

    /// `model`, or the older `name` that Ollama still accepts.
    static func modelField(_ body: [String: Any]) -> String {
        [body["model"], body["name"]].compactMap { $0 as? String }.first { !$0.isEmpty } ?? ""
    }

    /// `GET /api/tags`: newest first, as `sortListModelResponses` orders them.
    private func tags() -> FakeResponse {
        let (models, offset) = server.read { state in
            (Array(state.installed.values), state.utcOffsetSeconds)
        }
        let sorted = models.sorted {
            ($0.modifiedAt, $1.name) > ($1.modifiedAt, $0.name)
        }
        return .json(
            200,
            object: [
                "models": sorted.map { installed in
                    [
                        "name": installed.name, "model": installed.name,
                        "modified_at": FakeOllamaWire.time(installed.modifiedAt, offsetSeconds: offset),
                        "size": installed.model.size, "digest": installed.model.digest,
                        "details": installed.model.details.json,
                    ] as [String: Any]
                }
            ])
    }

    enum RequiredModel {
        case model(String)
        case refused(FakeResponse)
    }

    /// The `model` (or `name`) of a JSON body, or Ollama's answer to a body without one.
    static func requiredModel(_ request: RecordedRequest) -> RequiredModel {
        switch FakeOllamaWire.body(request) {
        case .refused(let refusal):
            return .refused(refusal)
        case .object(let body):
            let raw = modelField(body)
            guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .refused(FakeErrorFormat.ollama(400, "model is required"))
            }
            return .model(raw)
        }
    }

    /// `POST /api/show`: 404 names the model as Ollama shows it (`model 'x:latest' not found`).
    private func show(_ request: RecordedRequest) -> FakeResponse {
        let raw: String
        switch Self.requiredModel(request) {
        case .refused(let refusal): return refusal
        case .model(let model): raw = model
        }
        guard let name = FakeOllamaName(raw) else { return FakeErrorFormat.ollama(400, "invalid model name") }
        let found = server.read { state in
            OllamaServerState.installed(name, in: state).map { ($0, state.utcOffsetSeconds) }
        }
        guard let (installed, offset) = found else {
            return FakeErrorFormat.ollama(404, "model '\(name.display)' not found")
        }
        return .json(200, object: OllamaShow.answer(for: installed, utcOffsetSeconds: offset))
    }

    /// `DELETE /api/delete`: 200 with an empty body; the 404 quotes the name as sent.
    private func delete(_ request: RecordedRequest) -> FakeResponse {
        let raw: String
        switch Self.requiredModel(request) {
        case .refused(let refusal): return refusal
        case .model(let model): raw = model
        }
        guard let name = FakeOllamaName(raw) else { return FakeErrorFormat.ollama(400, "name \"\(raw)\" is invalid") }
        let removed = server.update { state in
            state.installed.removeValue(forKey: name.key) != nil
        }
        return removed ? FakeResponse(status: 200) : FakeErrorFormat.ollama(404, "model '\(raw)' not found")
    }

    /// `POST /api/copy`: 200 with an empty body; the copy shares the source's manifest (same digest).
    private func copy(_ request: RecordedRequest) -> FakeResponse {
        let body: [String: Any]
        switch FakeOllamaWire.body(request) {
        case .refused(let refusal): return refusal
        case .object(let object): body = object
        }
        let source = body["source"] as? String ?? ""
        let destination = body["destination"] as? String ?? ""
        guard let from = FakeOllamaName(source) else { return FakeErrorFormat.ollama(400, "source \"\(source)\" is invalid") }
        guard let to = FakeOllamaName(destination) else {
            return FakeErrorFormat.ollama(400, "destination \"\(destination)\" is invalid")
        }
        guard let installed = server.read({ OllamaServerState.installed(from, in: $0) }) else {
            return FakeErrorFormat.ollama(404, "model \"\(source)\" not found")
        }
        server.install(installed.model, as: to.display, modifiedAt: Date())
        return FakeResponse(status: 200)
    }
}
