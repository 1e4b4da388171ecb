/// The `details` object of `/api/tags`, `/api/show` and `/api/ps`.
public struct FakeOllamaDetails: Sendable, Hashable {
    public var parentModel: String
    public var format: String
    public var family: String
    public var families: [String]
    public var parameterSize: String
    public var quantizationLevel: String

    public init(
        parentModel: String = "", format: String = "gguf", family: String = "llama", families: [String]? = nil,
        parameterSize: String = "3.2B", quantizationLevel: String = "Q4_K_M"
    ) {
        self.parentModel = parentModel
        self.format = format
        self.family = family
        self.families = families ?? [family]
        self.parameterSize = parameterSize
        self.quantizationLevel = quantizationLevel
    }

    var json: [String: Any] {
        [
            "parent_model": parentModel, "format": format, "family": family, "families": families,
            "parameter_size": parameterSize, "quantization_level": quantizationLevel,
        ]
    }
}

/// A model as the registry publishes it: its manifest and what Ollama reads from its config.
/// The same value drives the fake Ollama server (pull, tags, show, ps), the fake registry
/// (manifests) and the fake library (variant digests), so they all agree.
public struct FakeOllamaModel: Sendable, Hashable {
    /// The name as Ollama shows it (`llama3.2:latest`).
    public let name: String
    public let manifest: FakeOllamaManifest
    public var details: FakeOllamaDetails
    /// `completion`, `tools`, `vision`, `embedding`, `thinking`… as `/api/show` lists them.
    public var capabilities: [String]
    /// The context the model was trained for (`<family>.context_length` in `model_info`).
    public var contextLength: Int
    /// How many times an update was published: each one changes the weights' digest.
    public let revision: Int

    public init(
        name: String, manifest: FakeOllamaManifest, details: FakeOllamaDetails = FakeOllamaDetails(),
        capabilities: [String] = ["completion"], contextLength: Int = 131_072, revision: Int = 0
    ) {
        self.name = FakeOllamaName(name)?.display ?? name
        self.manifest = manifest
        self.details = details
        self.capabilities = capabilities
        self.contextLength = contextLength
        self.revision = revision
    }

    /// A model from its layers' sizes, the first being the weights; the others get the media
    /// types of Ollama's usual small layers in turn (template, licence, params, system). Digests
    /// come from the name and `revision`, so they are stable and change with an update.
    public init(
        name: String, layerSizes: [Int], configSize: Int = 561, details: FakeOllamaDetails = FakeOllamaDetails(),
        capabilities: [String] = ["completion"], contextLength: Int = 131_072, revision: Int = 0
    ) {
        let kinds = [
            FakeOllamaBlob.templateMediaType, FakeOllamaBlob.licenseMediaType, FakeOllamaBlob.paramsMediaType,
            FakeOllamaBlob.systemMediaType,
        ]
        let layers = layerSizes.enumerated().map { index, size in
            (mediaType: index == 0 ? FakeOllamaBlob.modelMediaType : kinds[(index - 1) % kinds.count], size: size)
        }
        self.init(
            name: name, layers: layers, configSize: configSize, details: details, capabilities: capabilities,
            contextLength: contextLength, revision: revision)
    }

    /// A model from its layers' media types and sizes, the weights first.
    public init(
        name: String, layers: [(mediaType: String, size: Int)], configSize: Int = 561,
        details: FakeOllamaDetails = FakeOllamaDetails(), capabilities: [String] = ["completion"],
        contextLength: Int = 131_072, revision: Int = 0
    ) {
        let canonical = FakeOllamaName(name)?.display ?? name
        let blobs = layers.enumerated().map { index, layer in
            FakeOllamaBlob(
                mediaType: layer.mediaType, size: layer.size,
                seed: Self.seed(canonical, part: "layer \(index)", revision: index == 0 ? revision : 0))
        }
        let config = FakeOllamaBlob(
            mediaType: FakeOllamaBlob.configMediaType, size: configSize,
            seed: Self.seed(canonical, part: "config", revision: revision))
        self.init(
            name: canonical, manifest: FakeOllamaManifest(config: config, layers: blobs), details: details,
            capabilities: capabilities, contextLength: contextLength, revision: revision)
    }

    /// Only the weights and the config change with a revision; small layers keep their digests.
    private static func seed(_ name: String, part: String, revision: Int) -> String {
        "fake-ollama|\(name)|\(part)|\(revision)"
    }

    /// SHA-256 of the manifest: what `/api/tags` shows, and what an update check compares.
    public var digest: String { manifest.digest }
    public var size: Int { manifest.size }

    /// The same model under another name (a tag that points at the same manifest, or a copy).
    public func named(_ other: String) -> FakeOllamaModel {
        FakeOllamaModel(
            name: other, manifest: manifest, details: details, capabilities: capabilities,
            contextLength: contextLength, revision: revision)
    }

    /// The next version of this model: new weights (and so a new manifest digest), the same
    /// small layers, optionally another size for the weights.
    public func updated(weightsSize: Int? = nil) -> FakeOllamaModel {
        let next = revision + 1
        var layers = manifest.layers
        if let weights = layers.first {
            layers[0] = FakeOllamaBlob(
                mediaType: weights.mediaType, size: weightsSize ?? weights.size,
                seed: Self.seed(name, part: "layer 0", revision: next))
        }
        let config = FakeOllamaBlob(
            mediaType: manifest.config.mediaType, size: manifest.config.size, seed: Self.seed(name, part: "config", revision: next))
        return FakeOllamaModel(
            name: name, manifest: FakeOllamaManifest(config: config, layers: layers), details: details,
            capabilities: capabilities, contextLength: contextLength, revision: next)
    }
}
