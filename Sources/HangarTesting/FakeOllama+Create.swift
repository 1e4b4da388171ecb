import Crypto
import Foundation

/// One `POST /api/blobs/sha256:<hex>` the fake received.
public struct FakeOllamaBlobUpload: Sendable, Equatable {
    public let digest: String
    public let bytes: Int
    public let accepted: Bool
}

/// `HEAD|POST /api/blobs/:digest` and `POST /api/create` as Ollama's `server/routes.go` answers
/// them: a blob is stored only when its bytes hash to the digest in the path (400 otherwise);
/// a create names its GGUF by `files` (`{"model.gguf": "sha256:…"}`), is refused with 400 when a
/// blob is missing, and otherwise streams its progress as NDJSON, ending with `success`.
extension OllamaRoutes {
    nonisolated(unsafe) static let digestPattern = /^sha256[:-][0-9a-f]{64}$/

    func blob(_ request: RecordedRequest) -> FakeResponse {
        let raw = String(request.path.dropFirst("/api/blobs/".count))
        guard raw.wholeMatch(of: Self.digestPattern) != nil else {
            return FakeErrorFormat.ollama(400, "invalid digest format")
        }
        let digest = "sha256:" + raw.dropFirst("sha256:".count)
        switch request.method {
        case "HEAD":
            let present = server.read { $0.blobs[digest] != nil }
            return FakeResponse(status: present ? 200 : 404, headers: [], body: .none)
        case "POST":
            let damaged = server.update { state -> Bool in
                guard state.corruptUploads > 0 else { return false }
                state.corruptUploads -= 1
                return true
            }
            var bytes = request.body
            if damaged, !bytes.isEmpty { bytes[bytes.count / 2] ^= 0xFF }
            let actual = "sha256:" + FakeOllamaManifest.sha256Hex(bytes)
            let accepted = actual == digest
            server.update { state in
                state.blobUploads.append(FakeOllamaBlobUpload(digest: digest, bytes: bytes.count, accepted: accepted))
                if accepted { state.blobs[digest] = bytes.count }
            }
            guard accepted else { return FakeErrorFormat.ollama(400, "digest mismatch, expected \"\(digest)\", got \"\(actual)\"") }
            return FakeResponse(status: 201, headers: [], body: .none)
        default:
            return Self.plain(405, "405 method not allowed")
        }
    }

    func create(_ request: RecordedRequest) -> FakeResponse {
        let body: [String: Any]
        switch FakeOllamaWire.body(request) {
        case .refused(let refusal): return refusal
        case .object(let object): body = object
        }
        let raw = Self.modelField(body)
        guard let name = FakeOllamaName(raw) else { return FakeErrorFormat.ollama(400, "invalid model name") }
        guard let files = body["files"] as? [String: String], let (file, digest) = files.first(where: { $0.key.hasSuffix(".gguf") })
        else {
            return FakeErrorFormat.ollama(400, "neither 'from' or 'files' was specified")
        }
        let size = server.read { $0.blobs[digest] }
        guard let size else { return FakeErrorFormat.ollama(400, "blob \(digest) for \(file) does not exist") }
        var record = ["model": raw, "file": file, "digest": digest]
        var layers = [FakeOllamaBlob(mediaType: FakeOllamaBlob.modelMediaType, digest: digest, size: size)]
        var lines = [#"{"status":"parsing GGUF"}"#, #"{"status":"using existing layer \#(digest)"}"#]
        for (key, mediaType) in [("template", FakeOllamaBlob.templateMediaType), ("system", FakeOllamaBlob.systemMediaType)] {
            guard let text = body[key] as? String, !text.isEmpty else { continue }
            record[key] = text
            let layer = FakeOllamaBlob(
                mediaType: mediaType, digest: "sha256:" + FakeOllamaManifest.sha256Hex(Array(text.utf8)), size: text.utf8.count)
            layers.append(layer)
            lines.append(#"{"status":"creating new layer \#(layer.digest)"}"#)
        }
        if let parameters = body["parameters"] as? [String: Any], !parameters.isEmpty,
            let json = try? JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys])
        {
            record["parameters"] = String(decoding: json, as: UTF8.self)
            let layer = FakeOllamaBlob(
                mediaType: FakeOllamaBlob.paramsMediaType, digest: "sha256:" + FakeOllamaManifest.sha256Hex(Array(json)), size: json.count)
            layers.append(layer)
            lines.append(#"{"status":"creating new layer \#(layer.digest)"}"#)
        }
        let config = FakeOllamaBlob(mediaType: FakeOllamaBlob.configMediaType, size: 487, seed: "create|\(name.display)|\(digest)")
        let model = FakeOllamaModel(
            name: name.display, manifest: FakeOllamaManifest(config: config, layers: layers),
            details: FakeOllamaDetails(family: "qwen3", parameterSize: "751.63M", quantizationLevel: "Q4_0"))
        lines += [#"{"status":"writing manifest"}"#, #"{"status":"success"}"#]
        server.update { $0.creates.append(record) }
        server.install(model, as: name.display, modifiedAt: Date())
        let streamed = (body["stream"] as? Bool) ?? true
        guard streamed else { return .json(200, object: ["status": "success"]) }
        return FakeResponse(
            status: 200, headers: [("Content-Type", "application/x-ndjson")], body: .chunked(lines.map { Array(($0 + "\n").utf8) }))
    }
}

extension FakeOllama {
    /// The blobs on this server's disk, `sha256:<hex>` to size.
    public var blobs: [String: Int] { state.read { $0.blobs } }

    /// Every blob upload, accepted or refused, oldest first.
    public var blobUploads: [FakeOllamaBlobUpload] { state.read { $0.blobUploads } }

    /// Every create's model, file, digest and template, system and parameters when given.
    public var creates: [[String: String]] { state.read { $0.creates } }

    /// Puts a blob on the server's disk, as an earlier upload or a pull would have.
    public func addBlob(_ bytes: [UInt8]) {
        state.update { $0.blobs["sha256:" + FakeOllamaManifest.sha256Hex(bytes)] = bytes.count }
    }

    /// Damages the bytes of the next `count` uploads as they arrive.
    public func corruptUploads(_ count: Int) {
        state.update { $0.corruptUploads += count }
    }
}
