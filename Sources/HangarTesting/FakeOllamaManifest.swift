import Crypto

/// One blob a manifest names: a layer (weights, template, licence, parameters…) or the config.
public struct FakeOllamaBlob: Sendable, Hashable {
    public static let modelMediaType = "application/vnd.ollama.image.model"
    public static let templateMediaType = "application/vnd.ollama.image.template"
    public static let licenseMediaType = "application/vnd.ollama.image.license"
    public static let paramsMediaType = "application/vnd.ollama.image.params"
    public static let systemMediaType = "application/vnd.ollama.image.system"
    public static let projectorMediaType = "application/vnd.ollama.image.projector"
    public static let configMediaType = "application/vnd.docker.container.image.v1+json"

    public let mediaType: String
    /// `sha256:<64 hex>`, as in manifests and pull progress lines.
    public let digest: String
    public let size: Int

    public init(mediaType: String, digest: String, size: Int) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
    }

    /// A blob whose digest is derived from `seed`: stable across runs, different per seed.
    public init(mediaType: String, size: Int, seed: String) {
        self.init(mediaType: mediaType, digest: "sha256:" + FakeOllamaManifest.sha256Hex(Array(seed.utf8)), size: size)
    }

    /// The 12 hex digits Ollama shows for a blob (`pulling dde5aa3fc5ff`).
    public var shortDigest: String { String(digest.dropFirst("sha256:".count).prefix(12)) }
}

/// A registry manifest (Docker distribution schema 2, as registry.ollama.ai serves it), built
/// in one place so that the fake Ollama server and the fake registry agree on its bytes: Ollama
/// stores the bytes it pulled, and the digest `/api/tags` shows is the SHA-256 of those bytes.
/// An installed model is therefore up to date exactly when the registry serves the same bytes.
public struct FakeOllamaManifest: Sendable, Hashable {
    public static let mediaType = "application/vnd.docker.distribution.manifest.v2+json"

    public let config: FakeOllamaBlob
    public let layers: [FakeOllamaBlob]
    /// The JSON as served, keys in the order Go writes them (schemaVersion, mediaType, config, layers).
    public let bytes: [UInt8]
    /// SHA-256 of `bytes`, 64 hex digits without prefix: the `digest` of `/api/tags` and `/api/ps`.
    public let digest: String

    public init(config: FakeOllamaBlob, layers: [FakeOllamaBlob]) {
        self.config = config
        self.layers = layers
        func blob(_ blob: FakeOllamaBlob) -> String {
            #"{"mediaType":"\#(blob.mediaType)","digest":"\#(blob.digest)","size":\#(blob.size)}"#
        }
        let json =
            #"{"schemaVersion":2,"mediaType":"\#(Self.mediaType)","config":\#(blob(config)),"layers":["#
            + layers.map(blob).joined(separator: ",") + "]}"
        bytes = Array(json.utf8)
        digest = Self.sha256Hex(bytes)
    }

    /// The registry's `Docker-Content-Digest` header: `sha256:` and `digest`.
    public var contentDigest: String { "sha256:" + digest }

    /// What the model takes on disk, as `/api/tags` counts it: every layer and the config.
    public var size: Int { layers.reduce(config.size) { $0 + $1.size } }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { hexDigits[Int($0 >> 4)] + hexDigits[Int($0 & 0x0F)] }.joined()
    }

    private static let hexDigits = "0123456789abcdef".map(String.init)
}
