/// `POST …/ollama/pull`.
public struct OllamaPullRequest: Codable, Sendable, Hashable {
    public var model: String

    public init(model: String) { self.model = model }

    enum CodingKeys: String, CodingKey, CaseIterable { case model }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.required(String.self, forKey: .model)
    }
}

/// `POST …/ollama/copy`.
public struct OllamaCopyRequest: Codable, Sendable, Hashable {
    public var source: String
    public var destination: String

    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case source, destination }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.required(String.self, forKey: .source)
        destination = try c.required(String.self, forKey: .destination)
    }
}

/// `POST …/ollama/load`.
public struct OllamaLoadRequest: Codable, Sendable, Hashable {
    public var model: String
    public var keepAlive: String?

    public init(model: String, keepAlive: String? = nil) {
        self.model = model
        self.keepAlive = keepAlive
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model
        case keepAlive = "keep_alive"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.required(String.self, forKey: .model)
        keepAlive = try c.strict(String.self, forKey: .keepAlive)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(keepAlive, forKey: .keepAlive)
    }
}

public struct OllamaLoadResult: Codable, Sendable, Hashable {
    public var model: String
    public var loaded: Bool
    public var loadDurationMs: Double?

    public init(model: String, loaded: Bool, loadDurationMs: Double?) {
        self.model = model
        self.loaded = loaded
        self.loadDurationMs = loadDurationMs
    }

    enum CodingKeys: String, CodingKey {
        case model, loaded
        case loadDurationMs = "load_duration_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(loaded, forKey: .loaded)
        try c.encode(loadDurationMs, forKey: .loadDurationMs)
    }
}

/// `POST …/ollama/eject`.
public struct OllamaEjectRequest: Codable, Sendable, Hashable {
    public var model: String
    public var force: Bool?

    public init(model: String, force: Bool? = nil) {
        self.model = model
        self.force = force
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case model, force }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.required(String.self, forKey: .model)
        force = try c.strict(Bool.self, forKey: .force)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(force, forKey: .force)
    }
}

public struct OllamaEjectResult: Codable, Sendable, Hashable {
    public var model: String
    public var forced: Bool
    /// True when `/api/ps` was checked and no longer lists the model.
    public var verified: Bool
    public var attempts: Int

    public init(model: String, forced: Bool, verified: Bool, attempts: Int) {
        self.model = model
        self.forced = forced
        self.verified = verified
        self.attempts = attempts
    }
}
