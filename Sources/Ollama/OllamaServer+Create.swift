import Foundation
import HangarCore
import Upstream

/// Putting a GGUF file on an Ollama server and making a model of it, as `ollama create` does:
/// `HEAD /api/blobs/sha256:<hex>`, `POST` the file only when it is missing, then
/// `POST /api/create` with `files`, whose NDJSON progress is relayed line by line.
extension OllamaServer {
    /// Whether the server already holds the blob `sha256` (64 hex digits).
    public func hasBlob(sha256: String) async throws -> Bool {
        let limit = timeouts.call
        let response: UpstreamResponse
        do {
            response = try await client.send(request(.head, "blobs/sha256:\(sha256)"), timeout: limit)
        } catch {
            throw OllamaFailure.transport(error, server: display, timeout: limit)
        }
        switch response.status {
        case 200: return true
        case 404: return false
        default: throw OllamaFailure.status(response.status, body: response.body, server: display, subject: nil)
        }
    }

    /// Sends the file at `path` as the blob `sha256`, streamed from disk. The server hashes what
    /// arrives and refuses a mismatch, which is reported as a damaged upload.
    public func pushBlob(
        path: String, size: Int64, sha256: String, timeout: Duration, onProgress: @escaping @Sendable (Int64) async -> Void
    )
        async throws
    {
        var outgoing = request(.post, "blobs/sha256:\(sha256)")
        outgoing.headers.add(name: "Content-Type", value: "application/octet-stream")
        let response: UpstreamResponse
        do {
            response = try await streamClient.send(
                outgoing, upload: UpstreamUpload(path: path, size: size, onProgress: onProgress), timeout: timeout)
        } catch {
            throw OllamaFailure.transport(error, server: display, timeout: timeout)
        }
        guard (200..<300).contains(response.status) else {
            let said = (try? OllamaJSON.decode(OllamaWire.ErrorBody.self, from: response.body))?.error ?? ""
            if said.contains("digest mismatch") {
                throw OllamaPullError(
                    code: .checksumMismatch,
                    message:
                        "The Ollama server at \(display) received bytes that do not match the file's sha256 (\(OllamaFailure.clean(said))); the upload was damaged on the way, deploy again."
                )
            }
            throw OllamaFailure.status(response.status, body: response.body, server: display, subject: nil)
        }
    }

    /// `POST /api/create` naming `file` by its blob; `onStatus` gets each progress line's
    /// status. An `{"error": …}` line, or a stream that ends without `success`, throws.
    public func create(
        _ name: OllamaName, file: String, sha256: String, template: String?, system: String?, parameters: [String: JSONValue]?,
        onStatus: (String) async -> Void
    ) async throws {
        var body: [String: Any] = ["model": name.raw, "files": [file: "sha256:\(sha256)"], "stream": true]
        if let template { body["template"] = template }
        if let system { body["system"] = system }
        if let parameters, !parameters.isEmpty, let data = try? JSONEncoder().encode(parameters),
            let object = try? JSONSerialization.jsonObject(with: data)
        {
            body["parameters"] = object
        }
        var succeeded = false
        let response: UpstreamResponse
        do {
            response = try await streamClient.streamLines(request(.post, "create", body: body), headTimeout: timeouts.pullHead) { bytes in
                guard let line = try? OllamaJSON.decode(OllamaWire.ProgressLine.self, from: bytes) else {
                    throw OllamaPullError(
                        code: .upstreamInvalidResponse, message: "The Ollama server at \(display) sent a create line Hangar cannot read.")
                }
                if let error = line.error {
                    throw OllamaPullError(code: .pullFailed, message: "Ollama: \(OllamaFailure.clean(error))")
                }
                if let status = line.status {
                    if status == "success" { succeeded = true }
                    await onStatus(status)
                }
            }
        } catch let error as UpstreamError {
            throw OllamaFailure.transport(error, server: display, timeout: timeouts.pullHead)
        }
        guard (200..<300).contains(response.status) else {
            throw OllamaFailure.status(response.status, body: response.body, server: display, subject: name.raw)
        }
        guard succeeded else {
            throw OllamaPullError(
                code: .pullIncomplete,
                message: "The Ollama server at \(display) ended the create stream before saying success; deploy again.")
        }
    }
}
