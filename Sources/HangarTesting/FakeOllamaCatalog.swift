import Synchronization

/// What the registry publishes: the models a fake Ollama server can pull, the manifests the
/// fake registry serves and the variants the fake library lists. Share one catalog between
/// the fakes of a test so that their digests agree, and publish an update here to make every
/// installed copy of that model out of date at once.
public final class FakeOllamaCatalog: Sendable {
    private let models: Mutex<[String: FakeOllamaModel]>

    public init(_ models: [FakeOllamaModel] = []) {
        self.models = Mutex(Dictionary(models.map { (Self.key($0.name), $0) }, uniquingKeysWith: { _, last in last }))
    }

    /// A catalog with a few real models, sized like the real ones: llama3.2 (latest = 3b, 1b),
    /// qwen2.5 (0.5b, latest = 7b), mistral (latest = 7b) and nomic-embed-text.
    public static func standard() -> FakeOllamaCatalog {
        FakeOllamaCatalog(FakeOllamaCatalog.standardModels)
    }

    /// Every model, by name.
    public var all: [FakeOllamaModel] {
        models.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    /// The model published under `name` (any case, the tag defaulting to `latest`).
    public func model(_ name: String) -> FakeOllamaModel? {
        models.withLock { $0[Self.key(name)] }
    }

    /// Publishes `model` under its name, replacing what was there.
    @discardableResult
    public func add(_ model: FakeOllamaModel) -> FakeOllamaModel {
        models.withLock { $0[Self.key(model.name)] = model }
        return model
    }

    /// Publishes a model from its layers' sizes, the weights first (see `FakeOllamaModel`).
    @discardableResult
    public func add(
        _ name: String, layerSizes: [Int], details: FakeOllamaDetails = FakeOllamaDetails(),
        capabilities: [String] = ["completion"], contextLength: Int = 131_072
    ) -> FakeOllamaModel {
        add(
            FakeOllamaModel(
                name: name, layerSizes: layerSizes, details: details, capabilities: capabilities,
                contextLength: contextLength))
    }

    /// Publishes a new version of `name` (new weights, so a new manifest digest) and returns it.
    /// Installed copies of the old version are then out of date.
    @discardableResult
    public func publishUpdate(of name: String, weightsSize: Int? = nil) -> FakeOllamaModel {
        models.withLock { models in
            guard let current = models[Self.key(name)] else { preconditionFailure("no model \(name) in the fake catalog") }
            let next = current.updated(weightsSize: weightsSize)
            models[Self.key(name)] = next
            return next
        }
    }

    /// Publishes exactly `models`, withdrawing every other one (a fresh start between tests).
    public func replaceAll(with models: [FakeOllamaModel]) {
        self.models.withLock { $0 = Dictionary(models.map { (Self.key($0.name), $0) }, uniquingKeysWith: { _, last in last }) }
    }

    /// Withdraws `name`: pulling it fails and the registry answers MANIFEST_UNKNOWN.
    public func remove(_ name: String) {
        _ = models.withLock { $0.removeValue(forKey: Self.key(name)) }
    }

    static func key(_ name: String) -> String {
        FakeOllamaName(name)?.key ?? name.lowercased()
    }
}

extension FakeOllamaCatalog {
    /// Layer sizes, quantisations and contexts as the real registry has them.
    static var standardModels: [FakeOllamaModel] {
        let llamaLayers = [
            (FakeOllamaBlob.templateMediaType, 1_429), (FakeOllamaBlob.licenseMediaType, 7_711),
            (FakeOllamaBlob.licenseMediaType, 6_016), (FakeOllamaBlob.paramsMediaType, 96),
        ].map { (mediaType: $0.0, size: $0.1) }
        let qwenLayers = [
            (FakeOllamaBlob.systemMediaType, 68), (FakeOllamaBlob.templateMediaType, 1_482),
            (FakeOllamaBlob.licenseMediaType, 11_343),
        ].map { (mediaType: $0.0, size: $0.1) }
        let llama3b = FakeOllamaModel(
            name: "llama3.2:3b", layers: [(FakeOllamaBlob.modelMediaType, 2_019_377_376)] + llamaLayers,
            details: FakeOllamaDetails(family: "llama", parameterSize: "3.2B", quantizationLevel: "Q4_K_M"),
            capabilities: ["completion", "tools"], contextLength: 131_072)
        let llama1b = FakeOllamaModel(
            name: "llama3.2:1b", layers: [(FakeOllamaBlob.modelMediaType, 1_321_082_688)] + llamaLayers,
            details: FakeOllamaDetails(family: "llama", parameterSize: "1.2B", quantizationLevel: "Q8_0"),
            capabilities: ["completion", "tools"], contextLength: 131_072)
        let qwenSmall = FakeOllamaModel(
            name: "qwen2.5:0.5b", layers: [(FakeOllamaBlob.modelMediaType, 397_807_936)] + qwenLayers, configSize: 488,
            details: FakeOllamaDetails(family: "qwen2", parameterSize: "494.03M", quantizationLevel: "Q4_K_M"),
            capabilities: ["completion", "tools"], contextLength: 32_768)
        let qwen7b = FakeOllamaModel(
            name: "qwen2.5:7b", layers: [(FakeOllamaBlob.modelMediaType, 4_683_073_184)] + qwenLayers, configSize: 488,
            details: FakeOllamaDetails(family: "qwen2", parameterSize: "7.6B", quantizationLevel: "Q4_K_M"),
            capabilities: ["completion", "tools"], contextLength: 32_768)
        let mistral = FakeOllamaModel(
            name: "mistral:7b",
            layers: [
                (FakeOllamaBlob.modelMediaType, 4_113_289_344), (FakeOllamaBlob.templateMediaType, 801),
                (FakeOllamaBlob.licenseMediaType, 11_356), (FakeOllamaBlob.paramsMediaType, 30),
            ], configSize: 485,
            details: FakeOllamaDetails(family: "llama", parameterSize: "7.2B", quantizationLevel: "Q4_0"),
            capabilities: ["completion", "tools"], contextLength: 32_768)
        let nomic = FakeOllamaModel(
            name: "nomic-embed-text:latest",
            layers: [
                (FakeOllamaBlob.modelMediaType, 274_290_656), (FakeOllamaBlob.licenseMediaType, 11_357),
                (FakeOllamaBlob.paramsMediaType, 17),
            ], configSize: 420,
            details: FakeOllamaDetails(family: "nomic-bert", parameterSize: "137M", quantizationLevel: "F16"),
            capabilities: ["embedding"], contextLength: 2_048)
        // A `latest` tag is another name for the same manifest, as on the real registry.
        return [
            llama3b, llama3b.named("llama3.2:latest"), llama1b, qwenSmall, qwen7b, qwen7b.named("qwen2.5:latest"),
            mistral, mistral.named("mistral:latest"), nomic,
        ]
    }
}
