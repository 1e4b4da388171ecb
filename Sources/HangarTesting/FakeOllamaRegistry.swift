import Foundation

/// registry.ollama.ai's manifest endpoint on 127.0.0.1: `GET` and `HEAD`
/// `/v2/{namespace}/{model}/manifests/{tag or digest}` answer the manifest of a
/// `FakeOllamaCatalog` model with its media type and `Docker-Content-Digest`, and an unknown
/// one with the registry's `MANIFEST_UNKNOWN`. Share the catalog with `FakeOllama`: a model
/// installed from it is up to date until `publishUpdate(of:)` changes the manifest here.
public final class FakeOllamaRegistry: FakeUpstream {
    public let server: FakeHTTPServer
    public let modeSwitch: FakeModeSwitch
    public let catalog: FakeOllamaCatalog

    private init(server: FakeHTTPServer, modeSwitch: FakeModeSwitch, catalog: FakeOllamaCatalog) {
        self.server = server
        self.modeSwitch = modeSwitch
        self.catalog = catalog
    }

    /// Runs `body` with a listening registry serving `catalog`, and stops it when `body` returns.
    public static func withServer<T: Sendable>(
        catalog: FakeOllamaCatalog = .standard(), mode: FakeUpstreamMode = .normal, tls: Bool = false,
        _ body: (FakeOllamaRegistry) async throws -> T
    ) async throws -> T {
        let modes = FakeModeSwitch(mode)
        return try await FakeHTTPServer.withServer(tls: tls) { request in
            modes.respond(to: request, format: .ollamaRegistry) { Self.answer($0, catalog: catalog) }
        } _: { server in
            try await body(FakeOllamaRegistry(server: server, modeSwitch: modes, catalog: catalog))
        }
    }

    /// Publishes a new version of `name` (see `FakeOllamaCatalog.publishUpdate(of:weightsSize:)`).
    @discardableResult
    public func publishUpdate(of name: String, weightsSize: Int? = nil) -> FakeOllamaModel {
        catalog.publishUpdate(of: name, weightsSize: weightsSize)
    }

    /// Where the manifest of `name` is, as Ollama asks for it (`/v2/library/llama3.2/manifests/latest`).
    public func manifestURL(for name: String) -> String? {
        FakeOllamaName(name).map { baseURL + $0.manifestPath }
    }

    /// The manifest requests received (GET and HEAD), oldest first.
    public var manifestRequests: [RecordedRequest] {
        requests.filter { $0.path.hasPrefix("/v2/") && $0.path.contains("/manifests/") }
    }

    static func answer(_ request: RecordedRequest, catalog: FakeOllamaCatalog) -> FakeResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return FakeErrorFormat.registry(405, code: "UNSUPPORTED", message: "The operation is unsupported.")
        }
        if request.path == "/v2/" || request.path == "/v2" { return .json(200, "{}") }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", "v2", namespace, model, "manifests", reference
        guard parts.count == 6, parts[1] == "v2", parts[4] == "manifests" else {
            return FakeErrorFormat.registry(404, code: "NAME_UNKNOWN", message: "repository name not known to registry")
        }
        let (namespace, model, reference) = (parts[2], parts[3], parts[5].removingPercentEncoding ?? parts[5])
        let found: FakeOllamaModel?
        if reference.hasPrefix("sha256:") {
            found = catalog.all.first { published in
                FakeOllamaName(published.name).map {
                    $0.namespace.lowercased() == namespace.lowercased() && $0.model.lowercased() == model.lowercased()
                } == true && published.manifest.contentDigest == reference
            }
        } else {
            found = catalog.model(
                namespace == FakeOllamaName.defaultNamespace ? "\(model):\(reference)" : "\(namespace)/\(model):\(reference)")
        }
        guard let found else {
            let detail: [String: Any] = reference.hasPrefix("sha256:") ? ["Revision": reference] : ["Tag": reference]
            return FakeErrorFormat.registry(404, code: "MANIFEST_UNKNOWN", message: "manifest unknown", detail: detail)
        }
        return FakeResponse(
            status: 200,
            headers: [
                ("Content-Type", FakeOllamaManifest.mediaType), ("Docker-Content-Digest", found.manifest.contentDigest),
                ("Docker-Distribution-Api-Version", "registry/2.0"),
            ], body: .bytes(found.manifest.bytes))
    }
}
