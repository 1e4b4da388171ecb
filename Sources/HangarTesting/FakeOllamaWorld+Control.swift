import Foundation

extension FakeOllamaWorld {
    /// The control routes of `hangar-fakes ollama` besides the common ones (`FakeControlLog`):
    /// - `POST /_fake/ollama/load {"model", "keep_alive_seconds"?}`: an installed model in memory;
    /// - `POST /_fake/ollama/ignore-unloads {"count"}`: the next soft unloads are ignored (a busy model);
    /// - `POST /_fake/ollama/pull-behaviour {"bytes_per_second"?, "pause_ms"?, "steps"?, "fail_after_lines"?}`;
    /// - `POST /_fake/ollama/publish-update {"model"}`: a new version in the registry; answers its `digest`;
    /// - `POST /_fake/ollama/models {"name", "layers": [bytes…], "context_length"?, "install"?}`: publishes
    ///   (and installs) a model;
    /// - `POST /_fake/ollama/library {"down"}`: every library page answers 503 while down;
    /// - `GET /_fake/ollama/pulls`: each pull's lines and when each was written (`CLOCK_MONOTONIC` ns);
    /// - `GET /_fake/ollama/blobs`: the blobs held (digest → size) and each upload (`digest`, `bytes`,
    ///   `accepted`), without their bytes.
    func control(_ request: RecordedRequest) -> FakeResponse {
        guard let body = FakeControl.body(request) else { return FakeControl.refused("the body is not a JSON object") }
        switch (request.method, FakeControl.route(request)) {
        case ("POST", "ollama/load"):
            guard let name = body["model"] as? String, let server, server.installedModel(name) != nil else {
                return FakeControl.refused("model must name an installed model", status: 404)
            }
            let seconds = FakeControl.int(body["keep_alive_seconds"]) ?? 300
            server.load(name, keepAlive: seconds < 0 ? nil : .seconds(seconds))
            return FakeControl.done
        case ("POST", "ollama/ignore-unloads"):
            server?.ignoreSoftUnloads(FakeControl.int(body["count"]) ?? 1)
            return FakeControl.done
        case ("POST", "ollama/pull-behaviour"):
            var behaviour = FakeOllamaPullBehaviour()
            if let rate = FakeControl.int(body["bytes_per_second"]), rate > 0 { behaviour.bytesPerSecond = rate }
            if let pause = FakeControl.int(body["pause_ms"]) { behaviour.pause = .milliseconds(pause) }
            if let steps = FakeControl.int(body["steps"]) { behaviour.progressSteps = steps }
            behaviour.failAfterProgressLines = FakeControl.int(body["fail_after_lines"])
            state.update { $0.pullBehaviour = behaviour }
            return FakeControl.done
        case ("POST", "ollama/publish-update"):
            guard let name = body["model"] as? String, catalog.model(name) != nil else {
                return FakeControl.refused("model must name a published model", status: 404)
            }
            return FakeControl.answer(200, ["digest": catalog.publishUpdate(of: name).digest])
        case ("POST", "ollama/models"):
            return publish(body)
        case ("POST", "ollama/library"):
            let down = body["down"] as? Bool ?? true
            libraryDown.withLock { $0 = down }
            return FakeControl.done
        case ("GET", "ollama/blobs"):
            let uploads = state.read { $0.blobUploads }.map { upload -> [String: Any] in
                ["digest": upload.digest, "bytes": upload.bytes, "accepted": upload.accepted]
            }
            return FakeControl.answer(200, ["blobs": state.read { $0.blobs }, "uploads": uploads])
        case ("GET", "ollama/pulls"):
            let pulls = state.read { $0.pulls }.map { pull -> [String: Any] in
                [
                    "model": pull.model, "lines": pull.lines, "line_times_ns": pull.lineTimes, "lines_sent": pull.linesSent,
                    "end": pull.end.map { $0 == .completed ? "completed" : "client_disconnected" } ?? NSNull(),
                ]
            }
            return FakeControl.answer(200, pulls)
        default:
            return FakeControl.refused("no control route \(request.method) \(request.path)", status: 404)
        }
    }

    private func publish(_ body: [String: Any]) -> FakeResponse {
        guard let name = body["name"] as? String, FakeOllamaName(name) != nil,
            let layers = (body["layers"] as? [Any])?.compactMap(FakeControl.int), !layers.isEmpty
        else { return FakeControl.refused("name and layers (sizes in bytes, the weights first) are required") }
        let model = catalog.add(
            FakeOllamaModel(
                name: name, layerSizes: layers,
                details: FakeOllamaDetails(family: "llama", parameterSize: "3.2B", quantizationLevel: "Q4_0"),
                contextLength: FakeControl.int(body["context_length"]) ?? 131_072))
        if body["install"] as? Bool ?? false {
            state.install(model, as: model.name, modifiedAt: Date())
        }
        return FakeControl.answer(200, ["name": model.name, "digest": model.digest, "size": model.size])
    }
}
