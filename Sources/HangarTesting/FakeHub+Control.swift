import Foundation

extension FakeHub {
    /// `hangar-fakes hub`: the Hub on `port` (0: a free one), its CDN on the same origin, steered
    /// through `/_fake/…` (see `control`). Runs `body` with the base URL.
    public static func withControlledHub<T: Sendable>(port: Int = 0, _ body: (String) async throws -> T) async throws -> T {
        try await withHub(cdn: .sameOrigin, tls: .none, port: port, acceptsControl: true) { try await body($0.hubURL) }
    }

    /// A GGUF v3 file of exactly `size` bytes that Hangar's reader accepts (qwen3, Q4_0, one I8
    /// tensor filling the rest), its data deterministic and not zeros unless `zeros`, so a
    /// resume at a wrong offset changes the checksum. Nil when `size` cannot hold the header.
    public static func ggufFile(size: Int, seed: UInt64 = 5, zeros: Bool = false) -> [UInt8]? {
        func builder(elements: UInt64) -> GGUFBuilder {
            GGUFBuilder.model(tensors: [GGUFBuilder.Tensor(name: "filler", dimensions: [elements], type: 24)])
        }
        // The header's length does not depend on the element count (a fixed-width field).
        let header = builder(elements: 0).build().count
        guard size >= header else { return nil }
        var bytes = builder(elements: UInt64(size - header)).build()
        if !zeros { bytes.replaceSubrange(header..<size, with: sampleBytes(count: size - header, seed: seed)) }
        return bytes
    }

    /// The control routes of `hangar-fakes hub` (see `FakeControl`):
    /// - `POST /_fake/hub/files {"repo", "path", "revision"?, "size", "gguf"?, "zeros"?, "bytes_per_second"?}`
    ///   registers a file (a valid GGUF when `gguf`) and answers its `sha256`, `size` and `commit`;
    /// - `POST /_fake/hub/repos {"repo", "access": "open"|"gated"|"private", "token"?, "downloads"?}`;
    /// - `GET /_fake/requests`: the Hub's requests (with `origin`), oldest first;
    /// - `POST /_fake/reset`: no repository, no file, nothing recorded.
    func control(_ request: RecordedRequest) -> FakeHubAnswer {
        let response: FakeResponse
        switch (request.method, FakeControl.route(request)) {
        case ("POST", "hub/files"): response = addFile(request)
        case ("POST", "hub/repos"): response = setRepo(request)
        case ("GET", "requests"): response = FakeControl.answer(200, describedRequests())
        case ("POST", "reset"):
            state.update { $0 = State() }
            response = FakeControl.done
        default: response = FakeControl.refused("no control route \(request.method) \(request.path)", status: 404)
        }
        guard case .bytes(let bytes) = response.body else { return .plain(response.status, "") }
        return FakeHubAnswer(status: response.status, headers: response.headers, body: .text(bytes))
    }

    private func addFile(_ request: RecordedRequest) -> FakeResponse {
        guard let body = FakeControl.body(request), let repo = body["repo"] as? String, let path = body["path"] as? String,
            let size = FakeControl.int(body["size"]), size >= 0
        else { return FakeControl.refused("repo, path and size are required") }
        let zeros = body["zeros"] as? Bool ?? false
        let bytes: [UInt8]
        if body["gguf"] as? Bool ?? false {
            guard let gguf = Self.ggufFile(size: size, zeros: zeros) else { return FakeControl.refused("too small for a GGUF file") }
            bytes = gguf
        } else {
            bytes = zeros ? [UInt8](repeating: 0, count: size) : Self.sampleBytes(count: size)
        }
        let info = addFile(repo: repo, revision: body["revision"] as? String ?? "main", path: path, bytes: bytes)
        if let rate = FakeControl.int(body["bytes_per_second"]), rate > 0 {
            updateFaults(repo: repo, revision: info.revision, path: path) { $0.bytesPerSecond = rate }
        }
        return FakeControl.answer(
            200, ["repo": repo, "path": path, "revision": info.revision, "sha256": info.sha256, "size": info.size, "commit": info.commit])
    }

    private func setRepo(_ request: RecordedRequest) -> FakeResponse {
        guard let body = FakeControl.body(request), let repo = body["repo"] as? String else {
            return FakeControl.refused("repo is required")
        }
        let token = body["token"] as? String ?? ""
        switch body["access"] as? String ?? "open" {
        case "open": setAccess(.open, repo: repo)
        case "gated": setAccess(.gated(grantedToken: token), repo: repo)
        case "private": setAccess(.privateRepo(token: token), repo: repo)
        default: return FakeControl.refused("access is open, gated or private")
        }
        if let downloads = FakeControl.int(body["downloads"]) { setDownloads(downloads, repo: repo) }
        return FakeControl.done
    }

    private func describedRequests() -> [[String: Any]] {
        requests.enumerated().map { index, request in
            var entry = FakeControl.describe(request.recorded, index: index)
            entry["origin"] = request.origin == .hub ? "hub" : "cdn"
            return entry
        }
    }
}
