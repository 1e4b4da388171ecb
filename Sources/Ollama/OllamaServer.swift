import Foundation
import HangarCore
import Upstream

/// One Ollama server's HTTP API, as Hangar uses it. Every call is bounded by `timeout` (a
/// load, which waits for the model to come into memory, by `loadTimeout`); a pull is a stream
/// bounded by silence instead. Names are validated before anything is sent.
public struct OllamaServer: Sendable {
    public struct Timeouts: Sendable {
        public var call: Duration
        public var load: Duration
        /// Waiting for a pull's first answer; after that only silence counts (the stream client's read timeout).
        public var pullHead: Duration

        public init(call: Duration = .seconds(10), load: Duration = .seconds(120), pullHead: Duration = .seconds(30)) {
            self.call = call
            self.load = load
            self.pullHead = pullHead
        }
    }

    public let baseURL: String
    let apiKey: String?
    let client: UpstreamClient
    let streamClient: UpstreamClient
    public let timeouts: Timeouts

    public init(
        baseURL: String, apiKey: String?, client: UpstreamClient = .shared, streamClient: UpstreamClient,
        timeouts: Timeouts = Timeouts()
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.client = client
        self.streamClient = streamClient
        self.timeouts = timeouts
    }

    /// The server as messages name it: scheme, host, port and path only.
    var display: String {
        guard var parts = URLComponents(string: baseURL) else { return "the configured URL" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? "the configured URL"
    }

    // MARK: - Calls

    public func tags() async throws -> [OllamaModel] {
        let tags = try await call(.get, "tags", as: OllamaWire.Tags.self)
        return (tags.models ?? []).map { listed in
            OllamaModel(
                name: listed.name, size: listed.size ?? 0, modifiedAt: listed.modifiedAt ?? "",
                digest: OllamaDigest.hex(listed.digest ?? "") ?? (listed.digest ?? ""), family: Self.text(listed.details?.family),
                families: listed.details?.families, parameterSize: Self.text(listed.details?.parameterSize),
                quantizationLevel: Self.text(listed.details?.quantizationLevel), format: Self.text(listed.details?.format))
        }
    }

    public func show(_ name: OllamaName) async throws -> OllamaModelDetails {
        let show = try await call(.post, "show", body: ["model": name.raw], subject: name.raw, as: OllamaWire.Show.self)
        let info = show.modelInfo ?? [:]
        let architecture = info["general.architecture"]?.stringValue
        return OllamaModelDetails(
            name: name.raw, modelfile: show.modelfile, parameters: show.parameters, template: show.template, system: show.system,
            license: show.license, family: Self.text(show.details?.family), parameterSize: Self.text(show.details?.parameterSize),
            quantizationLevel: Self.text(show.details?.quantizationLevel), format: Self.text(show.details?.format),
            contextLength: architecture.flatMap { info["\($0).context_length"]?.intValue },
            modelInfo: info, capabilities: show.capabilities ?? [], modifiedAt: show.modifiedAt)
    }

    public func delete(_ name: OllamaName) async throws {
        _ = try await send(.delete, "delete", body: ["model": name.raw], subject: name.raw)
    }

    public func copy(from source: OllamaName, to destination: OllamaName) async throws {
        _ = try await send(.post, "copy", body: ["source": source.raw, "destination": destination.raw], subject: source.raw)
    }

    public func running() async throws -> [OllamaRunningModel] {
        let process = try await call(.get, "ps", as: OllamaWire.Process.self)
        return (process.models ?? []).map { model in
            OllamaRunningModel(
                name: model.name, size: model.size ?? 0, sizeVRAM: model.sizeVRAM ?? 0,
                digest: OllamaDigest.hex(model.digest ?? "") ?? (model.digest ?? ""), expiresAt: model.expiresAt,
                contextLength: model.contextLength, family: Self.text(model.details?.family),
                parameterSize: Self.text(model.details?.parameterSize),
                quantizationLevel: Self.text(model.details?.quantizationLevel))
        }
    }

    /// An empty prompt loads the model and keeps it `keepAlive` (Ollama's default when nil).
    public func load(_ name: OllamaName, keepAlive: String?) async throws -> OllamaLoadResult {
        var body: [String: Any] = ["model": name.raw, "prompt": "", "stream": false]
        if let keepAlive { body["keep_alive"] = Self.keepAliveValue(keepAlive) }
        let answer = try await call(
            .post, "generate", body: body, subject: name.raw, timeout: timeouts.load, as: OllamaWire.Generation.self)
        return OllamaLoadResult(
            model: name.raw, loaded: answer.done ?? true, loadDurationMs: answer.loadDuration.map { $0 / 1_000_000 })
    }

    /// An empty prompt with `keep_alive: 0`: Ollama unloads the model once it is idle.
    public func unload(_ name: OllamaName) async throws {
        _ = try await call(
            .post, "generate", body: ["model": name.raw, "prompt": "", "stream": false, "keep_alive": 0], subject: name.raw,
            as: OllamaWire.Generation.self)
    }

    // MARK: - Plumbing

    func request(_ method: UpstreamRequest.Method, _ path: String, body: [String: Any]? = nil) -> UpstreamRequest {
        var headers: UpstreamHeaders = ["Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        // Ollama has no keys; one is sent only for a proxy in front of it.
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return UpstreamRequest(method: method, url: "\(baseURL)/api/\(path)", headers: headers, body: body.map(OllamaJSON.encode))
    }

    func send(
        _ method: UpstreamRequest.Method, _ path: String, body: [String: Any]? = nil, subject: String? = nil,
        timeout: Duration? = nil
    ) async throws -> UpstreamResponse {
        let limit = timeout ?? timeouts.call
        let response: UpstreamResponse
        do {
            response = try await client.send(request(method, path, body: body), timeout: limit)
        } catch {
            throw OllamaFailure.transport(error, server: display, timeout: limit)
        }
        guard (200..<300).contains(response.status) else {
            throw OllamaFailure.status(response.status, body: response.body, server: display, subject: subject)
        }
        return response
    }

    func call<T: Decodable>(
        _ method: UpstreamRequest.Method, _ path: String, body: [String: Any]? = nil, subject: String? = nil,
        timeout: Duration? = nil, as type: T.Type
    ) async throws -> T {
        let response = try await send(method, path, body: body, subject: subject, timeout: timeout)
        do {
            return try OllamaJSON.decode(T.self, from: response.body)
        } catch {
            throw OllamaFailure.invalidResponse(server: display, what: "a /api/\(path) answer")
        }
    }

    /// Ollama reads a bare number as seconds and a string as a Go duration.
    static func keepAliveValue(_ text: String) -> Any {
        Int(text) ?? text
    }

    /// Ollama writes absent details as empty strings.
    static func text(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
