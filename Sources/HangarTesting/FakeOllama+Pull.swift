import Foundation

extension OllamaRoutes {
    /// `POST /api/pull`, as `PullHandler`: a bad body or name is refused before any streaming;
    /// everything after `pulling manifest`, failures included, travels in-band with HTTP 200.
    func pull(_ request: RecordedRequest) async -> FakeResponse {
        let body: [String: Any]
        switch FakeOllamaWire.body(request) {
        case .refused(let refusal): return refusal
        case .object(let object): body = object
        }
        let raw = Self.modelField(body)
        guard let name = FakeOllamaName(raw) else {
            return FakeErrorFormat.ollama(400, "invalid model name")
        }
        let streamed = (body["stream"] as? Bool) ?? true
        let index = server.update { state in
            state.pulls.append(FakeOllamaPullRecord(model: raw, streamed: streamed))
            return state.pulls.count - 1
        }
        let producer = OllamaPullProducer(server: server, index: index, name: name, model: server.catalog.model(name.display))
        guard streamed else { return await unstreamed(producer, index: index) }
        var response = FakeResponse(
            status: 200, headers: [("Content-Type", "application/x-ndjson")],
            body: .stream(AsyncStream(unfolding: { await producer.next() })))
        response.onFinish = { [server] outcome in
            server.update { state in
                var record = state.pulls[index]
                record.linesSent = record.lineEnds.filter { $0 <= outcome.bodyBytesSent }.count
                record.end = outcome.completed ? .completed : .clientDisconnected
                state.pulls[index] = record
            }
        }
        return response
    }

    /// `"stream": false` (`waitForStream`): the pull runs to its end, then one object: the
    /// last progress (`{"status":"success"}`), or the error with HTTP 500.
    private func unstreamed(_ producer: OllamaPullProducer, index: Int) async -> FakeResponse {
        var last = ""
        while let line = await producer.next() {
            last = String(decoding: line.dropLast(), as: UTF8.self)
        }
        let failed = last.hasPrefix(#"{"error""#)
        var response = FakeResponse(
            status: failed ? 500 : 200, headers: [("Content-Type", "application/json; charset=utf-8")],
            body: .bytes(Array(last.utf8)))
        response.onFinish = { [server] outcome in
            server.update { $0.pulls[index].end = outcome.completed ? .completed : .clientDisconnected }
        }
        return response
    }
}

/// The lines of one pull, made one at a time as the connection asks for them: the pacing,
/// the gate and an injected failure apply as each line is due, so a test can change them while
/// the pull runs. Every wait gives way to cancellation, which is how a client's leaving ends it.
actor OllamaPullProducer {
    private enum Phase {
        case manifest
        case unknownManifest
        /// `steps` is fixed when the blob's first line is made: 0 for a blob already on disk.
        case blob(index: Int, step: Int, steps: Int)
        case verifying
        case writing
        case pruning
        case success
        case done
    }

    private let server: OllamaServerState
    private let index: Int
    private let name: FakeOllamaName
    private let model: FakeOllamaModel?
    private let blobs: [FakeOllamaBlob]
    private var phase = Phase.manifest
    private var produced = 0
    private var bytes = 0
    private var progressLines = 0

    init(server: OllamaServerState, index: Int, name: FakeOllamaName, model: FakeOllamaModel?) {
        self.server = server
        self.index = index
        self.name = name
        self.model = model
        // Ollama downloads the layers, then the config.
        blobs = model.map { $0.manifest.layers + [$0.manifest.config] } ?? []
    }

    /// The next line with its newline, or nil at the end or when the consumer was cancelled.
    func next() async -> [UInt8]? {
        if case .done = phase { return nil }
        let sent = produced
        // Asked for another line: every line handed out so far has been written.
        server.update { $0.pulls[index].linesSent = max($0.pulls[index].linesSent, sent) }
        let pause = server.read { $0.pullBehaviour.interval }
        if produced > 0 && pause > .zero {
            do { try await Task.sleep(for: pause) } catch { return nil }
        }
        if server.read({ $0.pullBehaviour.gated }) {
            guard await server.acquirePullPermit() else { return nil }
        }
        if Task.isCancelled { return nil }
        guard let line = makeLine() else { return nil }
        produced += 1
        bytes += line.utf8.count + 1
        let end = bytes
        let now = FakeControl.monotonicNanoseconds()
        server.update { state in
            state.pulls[index].lines.append(line)
            state.pulls[index].lineEnds.append(end)
            state.pulls[index].lineTimes.append(now)
        }
        return Array((line + "\n").utf8)
    }

    /// The line due now, moving on to the next phase.
    private func makeLine() -> String? {
        let behaviour = server.read { $0.pullBehaviour }
        let failureDue = behaviour.failAfterProgressLines.map { progressLines >= $0 } ?? false
        switch phase {
        case .manifest:
            phase = model == nil ? .unknownManifest : .blob(index: 0, step: 0, steps: 0)
            return FakeOllamaWire.progress(status: "pulling manifest")
        case .unknownManifest:
            phase = .done
            // `PullModel` wraps the registry's 404 (os.ErrNotExist) this way.
            return FakeOllamaWire.error("pull model manifest: file does not exist")
        case .blob(let blobIndex, let step, var steps):
            if failureDue {
                phase = .done
                return FakeOllamaWire.error(behaviour.failureMessage)
            }
            let blob = blobs[blobIndex]
            if step == 0 {
                let onDisk = server.read { OllamaServerState.hasBlob(blob.digest, in: $0) }
                steps = onDisk ? 0 : behaviour.steps(size: blob.size)
            }
            let completed = steps == 0 ? blob.size : blob.size * step / steps
            if step < steps {
                phase = .blob(index: blobIndex, step: step + 1, steps: steps)
            } else {
                phase = blobIndex + 1 < blobs.count ? .blob(index: blobIndex + 1, step: 0, steps: 0) : .verifying
            }
            progressLines += 1
            return FakeOllamaWire.progress(
                status: "pulling \(blob.shortDigest)", digest: blob.digest, total: blob.size, completed: completed)
        case .verifying:
            if failureDue {
                phase = .done
                return FakeOllamaWire.error(behaviour.failureMessage)
            }
            phase = .writing
            return FakeOllamaWire.progress(status: "verifying sha256 digest")
        case .writing:
            let previous = server.read { OllamaServerState.installed(name, in: $0)?.model.digest }
            phase = previous != nil && previous != model?.digest ? .pruning : .success
            return FakeOllamaWire.progress(status: "writing manifest")
        case .pruning:
            phase = .success
            return FakeOllamaWire.progress(status: "removing unused layers")
        case .success:
            phase = .done
            // Installed before the line goes out: a client that reads `success` finds the model.
            if let model {
                server.install(model, as: name.display, modifiedAt: Date())
                server.update { $0.pulls[index].installed = true }
            }
            return FakeOllamaWire.progress(status: "success")
        case .done:
            return nil
        }
    }
}
