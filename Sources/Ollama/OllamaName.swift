/// A model name as Ollama reads it: `[host/][namespace/]model[:tag]`, with the defaults
/// `registry.ollama.ai`, `library` and `latest`. The rules are Ollama's own
/// (`types/model/name.go`), checked here so that nothing Ollama would refuse, and nothing that
/// could smuggle a path or a query, is ever sent upstream.
public struct OllamaName: Sendable, Hashable, CustomStringConvertible {
    public static let defaultHost = "registry.ollama.ai"
    public static let defaultNamespace = "library"
    public static let defaultTag = "latest"
    /// The same rules as one ECMAScript/ICU pattern: openapi.yaml's `OllamaModelName` and the
    /// `ollama.model` rule of `GET /api/meta` (NamePatternAgreementTests keeps it exact).
    public static let pattern =
        "^(?:(?:[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}/)?[A-Za-z0-9_][A-Za-z0-9_-]{0,79}/)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,79})?$"
    public static let maxLength = 600

    public let host: String
    public let namespace: String
    public let model: String
    public let tag: String
    /// What the user wrote (after trimming), as Ollama will also see it.
    public let raw: String

    /// Parses and validates `text`, or throws a message that says which part is wrong.
    public init(_ text: String) throws(OllamaNameError) {
        let raw = text
        guard !raw.isEmpty else { throw OllamaNameError("A model name is required, such as llama3.2 or qwen2.5:0.5b.") }
        guard raw.utf8.count <= Self.maxLength else { throw OllamaNameError("A model name is at most \(Self.maxLength) characters.") }
        var rest = Substring(raw)
        var tag: Substring?
        // A colon after the last slash starts the tag; one before it is a host's port.
        if let colon = rest.lastIndex(of: ":"), colon > (rest.lastIndex(of: "/") ?? rest.startIndex) || !rest.contains("/") {
            tag = rest[rest.index(after: colon)...]
            rest = rest[..<colon]
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else {
            throw OllamaNameError("A model name has at most three parts before the tag: host/namespace/model.")
        }
        let model = parts.removeLast()
        let namespace = parts.popLast()
        let host = parts.popLast()
        try Self.check(host, as: .host)
        try Self.check(namespace, as: .namespace)
        try Self.check(model, as: .model)
        try Self.check(tag, as: .tag)
        self.host = host.map(String.init) ?? Self.defaultHost
        self.namespace = namespace.map(String.init) ?? Self.defaultNamespace
        self.model = String(model)
        self.tag = tag.map(String.init) ?? Self.defaultTag
        self.raw = raw
    }

    public var description: String { raw }

    /// The shortest name Ollama lists it under (`llama3.2:latest`, `me/model:tag`, `host/ns/model:tag`).
    public var shortest: String {
        if host.lowercased() != Self.defaultHost {
            return "\(host)/\(namespace)/\(model):\(tag)"
        }
        if namespace.lowercased() != Self.defaultNamespace { return "\(namespace)/\(model):\(tag)" }
        return "\(model):\(tag)"
    }

    /// Whether two names denote the same model (Ollama compares names case-insensitively).
    public func sameModel(as other: OllamaName) -> Bool {
        host.lowercased() == other.host.lowercased() && namespace.lowercased() == other.namespace.lowercased()
            && model.lowercased() == other.model.lowercased() && tag.lowercased() == other.tag.lowercased()
    }

    public var isFromDefaultRegistry: Bool { host.lowercased() == Self.defaultHost }

    /// The parts of a name, each with Ollama's own rule (`types/model/name.go`).
    public enum Part: String, Sendable {
        case host, namespace, model, tag

        var maxLength: Int { self == .host ? 350 : 80 }
    }

    /// Whether `part` follows Ollama's rule for its kind: 1–80 bytes (350 for a host), starting
    /// with a letter, digit or `_`, then also `-`, `.` (not in a namespace) and `:` (host only).
    public static func isValid(_ part: some StringProtocol, as kind: Part) -> Bool {
        (try? check(Substring(part), as: kind)) != nil
    }

    private static func check(_ part: Substring?, as kind: Part) throws(OllamaNameError) {
        guard let part else { return }
        guard !part.isEmpty else { throw OllamaNameError("The \(kind.rawValue) part of the name is empty.") }
        guard part.utf8.count <= kind.maxLength else {
            throw OllamaNameError("The \(kind.rawValue) part of the name is at most \(kind.maxLength) characters.")
        }
        for (index, byte) in part.utf8.enumerated() {
            let allowed: Bool
            if index == 0 {
                allowed = isAlphanumericOrUnderscore(byte)
            } else {
                switch byte {
                case UInt8(ascii: "-"), UInt8(ascii: "_"): allowed = true
                case UInt8(ascii: "."): allowed = kind != .namespace
                case UInt8(ascii: ":"): allowed = kind == .host
                default: allowed = isAlphanumericOrUnderscore(byte)
                }
            }
            guard allowed else {
                let first = index == 0 ? " must start with a letter, a digit or _ and" : ""
                let allowedText =
                    switch kind {
                    case .namespace: "letters, digits, _ and -"
                    case .host: "letters, digits, _, -, dots and a :port"
                    case .model, .tag: "letters, digits, _, - and dots"
                    }
                throw OllamaNameError("The \(kind.rawValue) part '\(String(part.prefix(40)))'\(first) may only hold \(allowedText).")
            }
        }
    }

    private static func isAlphanumericOrUnderscore(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}

/// Why a model name was refused; the message is ready to show beside the field.
public struct OllamaNameError: Error, Sendable, Hashable {
    public let message: String
    init(_ message: String) { self.message = message }
}
