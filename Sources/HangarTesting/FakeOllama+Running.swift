import Foundation

extension OllamaRoutes {
    /// Ollama's default `keep_alive` (OLLAMA_KEEP_ALIVE unset).
    static let defaultKeepAlive: TimeInterval = 300
    /// `time.Duration(math.MaxInt64)`, about 292 years: what a negative `keep_alive` means.
    static let forever: TimeInterval = 9_223_372_036.854_775_807
    /// The context a runner gets without `num_ctx`.
    static let defaultContext = 4096

    /// `POST /api/generate`, as `GenerateHandler`: an empty prompt with `keep_alive` 0 unloads,
    /// an empty prompt otherwise loads, a prompt loads and answers one token.
    func generate(_ request: RecordedRequest) -> FakeResponse {
        let body: [String: Any]
        switch FakeOllamaWire.body(request) {
        case .refused(let refusal): return refusal
        case .object(let object): body = object
        }
        let keepAlive = FakeOllamaWire.keepAlive(body["keep_alive"])
        if case .invalid(let message) = keepAlive { return FakeErrorFormat.ollama(400, message) }
        let raw = body["model"] as? String ?? ""
        guard !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return FakeErrorFormat.ollama(404, "model '\(raw)' not found")
        }
        guard let name = FakeOllamaName(raw) else { return FakeErrorFormat.ollama(400, "invalid model name") }
        guard let installed = server.read({ OllamaServerState.installed(name, in: $0) }) else {
            return FakeErrorFormat.ollama(404, "model '\(raw)' not found")
        }
        let prompt = body["prompt"] as? String ?? ""
        if prompt.isEmpty && keepAlive.isZero {
            unload(installed)
            return .json(200, object: Self.done(raw, reason: "unload"))
        }
        guard installed.model.capabilities.contains("completion") else {
            return FakeErrorFormat.ollama(400, "\"\(raw)\" does not support generate")
        }
        let options = body["options"] as? [String: Any]
        load(installed, keepAlive: keepAlive, context: (options?["num_ctx"] as? Int) ?? Self.defaultContext)
        if prompt.isEmpty {
            return .json(200, object: Self.done(raw, reason: "load"))
        }
        return completion(raw, streamed: (body["stream"] as? Bool) ?? true)
    }

    /// `GET /api/ps`: the loaded models, longest time left first. A model being unloaded
    /// under the configured lag is still listed until its lag runs out.
    func ps() -> FakeResponse {
        let (loaded, offset) = server.update { state -> ([OllamaServerState.Loaded], Int) in
            let now = ContinuousClock.now
            for (key, var entry) in state.loaded {
                switch entry.unloading {
                case nil:
                    continue
                case .polls(let left) where left <= 0:
                    state.loaded[key] = nil
                case .polls(let left):
                    entry.unloading = .polls(left - 1)
                    state.loaded[key] = entry
                case .until(let deadline):
                    if now >= deadline { state.loaded[key] = nil }
                }
            }
            return (Array(state.loaded.values), state.utcOffsetSeconds)
        }
        let sorted = loaded.sorted { ($0.expiresAt, $1.name) > ($1.expiresAt, $0.name) }
        return .json(
            200,
            object: [
                "models": sorted.map { entry in
                    let size = Self.memory(entry.model, context: entry.contextLength)
                    return [
                        "name": entry.name, "model": entry.name, "size": size, "digest": entry.model.digest,
                        "details": entry.model.details.json,
                        "expires_at": FakeOllamaWire.time(entry.expiresAt, offsetSeconds: offset), "size_vram": size,
                        "context_length": entry.contextLength,
                    ] as [String: Any]
                }
            ])
    }

    /// What a loaded model takes in memory: its weights and a KV cache growing with the context.
    static func memory(_ model: FakeOllamaModel, context: Int) -> Int {
        model.size + model.size / 4 + context * 112 * 1024
    }

    func load(_ installed: OllamaServerState.Installed, keepAlive: FakeOllamaWire.KeepAlive, context: Int) {
        let seconds: TimeInterval =
            switch keepAlive {
            case .seconds(let value): value
            case .forever: Self.forever
            case .standard, .invalid: Self.defaultKeepAlive
            }
        server.update { state in
            state.loaded[installed.name.lowercased()] = OllamaServerState.Loaded(
                name: installed.name, model: installed.model, expiresAt: Date().addingTimeInterval(seconds),
                contextLength: context, unloading: nil)
        }
    }

    /// Ollama answers `unload` whether or not the model was loaded; the lag and the stubborn
    /// setting decide whether `/api/ps` shows it gone.
    private func unload(_ installed: OllamaServerState.Installed) {
        server.update { state in
            if state.softUnloadsToIgnore > 0 {
                state.softUnloadsToIgnore -= 1
                return
            }
            let key = installed.name.lowercased()
            guard var entry = state.loaded[key] else { return }
            switch state.unloadLag {
            case nil:
                state.loaded[key] = nil
            case .polls(let count):
                entry.unloading = .polls(count)
            case .duration(let lag):
                entry.unloading = .until(ContinuousClock.now.advanced(by: lag))
            }
            entry.expiresAt = Date()
            if state.loaded[key] != nil { state.loaded[key] = entry }
        }
    }

    private static func done(_ model: String, reason: String) -> [String: Any] {
        [
            "model": model, "created_at": FakeOllamaWire.time(Date()), "response": "", "done": true,
            "done_reason": reason,
        ]
    }

    /// One token, `P`: as one object, or as NDJSON lines (the default) ending with the totals.
    private func completion(_ model: String, streamed: Bool) -> FakeResponse {
        let final: [String: Any] = [
            "model": model, "created_at": FakeOllamaWire.time(Date()), "response": streamed ? "" : "P", "done": true,
            "done_reason": "length", "context": [128_006, 882, 128_007], "total_duration": 301_234_567,
            "load_duration": 20_123_456, "prompt_eval_count": 26, "prompt_eval_duration": 130_000_000,
            "eval_count": 1, "eval_duration": 1_000_000,
        ]
        guard streamed else { return .json(200, object: final) }
        let token: [String: Any] = [
            "model": model, "created_at": FakeOllamaWire.time(Date()), "response": "P", "done": false,
        ]
        let lines = [token, final].compactMap { try? JSON.data($0) }.map { Array($0) + [0x0A] }
        return FakeResponse(
            status: 200, headers: [("Content-Type", "application/x-ndjson")], body: .bytes(lines.flatMap { $0 }))
    }
}
