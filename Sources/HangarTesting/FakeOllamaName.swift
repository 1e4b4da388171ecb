import Foundation
import Ollama

/// A model name as Ollama reads it, `[host/][namespace/]model[:tag]`, with its defaults
/// (`registry.ollama.ai`, `library`, `latest`) and its rules for valid parts, so the fakes
/// accept, reject and show names exactly as the real server does.
public struct FakeOllamaName: Sendable, Hashable, CustomStringConvertible {
    public static let defaultHost = "registry.ollama.ai"
    public static let defaultNamespace = "library"
    public static let defaultTag = "latest"

    public let host: String
    public let namespace: String
    public let model: String
    public let tag: String

    /// Nil for a name Ollama rejects (its "invalid model name").
    public init?(_ raw: String) {
        var rest = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        var tag = Self.defaultTag
        // A colon after the last slash starts the tag; one before it belongs to a host's port.
        let slash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), slash.map({ colon > $0 }) ?? true {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let model = parts.removeLast()
        let namespace = parts.isEmpty ? Self.defaultNamespace : parts.removeLast()
        var host = parts.isEmpty ? Self.defaultHost : parts.joined(separator: "/")
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        guard Self.isValid(host, .host), Self.isValid(namespace, .namespace), Self.isValid(model, .model),
            Self.isValid(tag, .tag)
        else { return nil }
        self.host = host
        self.namespace = namespace
        self.model = model
        self.tag = tag
    }

    /// What Ollama shows (`DisplayShortest`): `model:tag`, with the namespace and host only
    /// where they are not the defaults. `/api/tags`, `/api/ps` and errors use this form.
    public var display: String {
        if host.lowercased() != Self.defaultHost {
            return "\(host)/\(namespace)/\(model):\(tag)"
        }
        if namespace.lowercased() != Self.defaultNamespace {
            return "\(namespace)/\(model):\(tag)"
        }
        return "\(model):\(tag)"
    }

    public var description: String { display }

    /// Ollama finds models whatever the case of the name.
    var key: String { display.lowercased() }

    /// The registry path of this name's manifest: `/v2/{namespace}/{model}/manifests/{tag}`.
    public var manifestPath: String { "/v2/\(namespace)/\(model)/manifests/\(tag)" }

    /// Ollama's rule for each part, as Hangar's own name check states it (one copy of the rule).
    private static func isValid(_ part: String, _ kind: OllamaName.Part) -> Bool {
        OllamaName.isValid(part, as: kind)
    }
}
