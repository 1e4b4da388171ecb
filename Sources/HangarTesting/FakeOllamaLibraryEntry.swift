import Foundation

/// One model of the ollama.com library, as its search card and tags page show it.
public struct FakeOllamaLibraryEntry: Sendable, Equatable {
    /// The library name (`llama3.2`), without tag.
    public var name: String
    public var description: String
    /// `tools`, `vision`, `thinking`, `embedding`…: the indigo badges.
    public var capabilities: [String]
    /// `1b`, `3b`…: the blue badges.
    public var sizes: [String]
    /// As shown: `24.1M`.
    public var pullCount: String
    public var tagCount: Int
    /// As shown: `10 months ago`.
    public var updated: String
    /// The exact date in the tooltip: `Sep 25, 2024 5:26 PM UTC`.
    public var updatedTitle: String
    /// The rows of the tags page; nil lists the catalog's models of this name instead, so their
    /// digests agree with the registry and the Ollama server.
    public var variants: [FakeOllamaLibraryVariant]?

    public init(
        name: String, description: String, capabilities: [String] = [], sizes: [String] = [], pullCount: String = "1.2M",
        tagCount: Int = 5, updated: String = "2 weeks ago", updatedTitle: String = "Jan 6, 2025 4:12 PM UTC",
        variants: [FakeOllamaLibraryVariant]? = nil
    ) {
        self.name = name
        self.description = description
        self.capabilities = capabilities
        self.sizes = sizes
        self.pullCount = pullCount
        self.tagCount = tagCount
        self.updated = updated
        self.updatedTitle = updatedTitle
        self.variants = variants
    }
}

/// One row of a library tags page.
public struct FakeOllamaLibraryVariant: Sendable, Equatable {
    public var tag: String
    /// The first 12 hex digits of the manifest digest.
    public var shortDigest: String
    /// As shown: `2.0GB`, `398MB`.
    public var size: String
    /// As shown: `128K`, `512`.
    public var context: String
    /// As shown: `Text`, `Text, Image`.
    public var input: String
    public var updated: String

    public init(tag: String, shortDigest: String, size: String, context: String, input: String = "Text", updated: String) {
        self.tag = tag
        self.shortDigest = shortDigest
        self.size = size
        self.context = context
        self.input = input
        self.updated = updated
    }

    /// The row for a catalog model, with the site's ways of writing sizes and contexts.
    public init(_ model: FakeOllamaModel, updated: String) {
        self.init(
            tag: FakeOllamaName(model.name)?.tag ?? FakeOllamaName.defaultTag, shortDigest: String(model.digest.prefix(12)),
            size: Self.size(model.size), context: Self.context(model.contextLength),
            input: model.capabilities.contains("vision") ? "Text, Image" : "Text", updated: updated)
    }

    /// ollama.com writes sizes in decimal units: `2.0GB`, `398MB`, `63MB`, `12KB`.
    public static func size(_ bytes: Int) -> String {
        switch bytes {
        case 1_000_000_000...: String(format: "%.1fGB", Double(bytes) / 1e9)
        case 1_000_000...: "\(Int((Double(bytes) / 1e6).rounded()))MB"
        default: "\(Int((Double(bytes) / 1e3).rounded()))KB"
        }
    }

    /// Contexts of 1024 tokens and more in K (`128K`, `32K`, `2K`), smaller ones as they are.
    public static func context(_ tokens: Int) -> String {
        tokens >= 1024 && tokens % 1024 == 0 ? "\(tokens / 1024)K" : String(tokens)
    }
}

extension FakeOllamaLibraryEntry {
    /// The library entries of the standard catalog's models, with the site's real texts.
    public static let standard: [FakeOllamaLibraryEntry] = [
        FakeOllamaLibraryEntry(
            name: "llama3.2", description: "Meta's Llama 3.2 goes small with 1B and 3B models.", capabilities: ["tools"],
            sizes: ["1b", "3b"], pullCount: "24.1M", tagCount: 63, updated: "10 months ago",
            updatedTitle: "Sep 25, 2024 5:26 PM UTC"),
        FakeOllamaLibraryEntry(
            name: "qwen2.5",
            description:
                "Qwen2.5 models are pretrained on Alibaba's latest large-scale dataset, encompassing up to 18 trillion tokens. The model supports up to 128K tokens and has multilingual support.",
            capabilities: ["tools"], sizes: ["0.5b", "1.5b", "3b", "7b", "14b", "32b", "72b"], pullCount: "13.9M",
            tagCount: 133, updated: "11 months ago", updatedTitle: "Sep 18, 2024 9:12 PM UTC"),
        FakeOllamaLibraryEntry(
            name: "mistral", description: "The 7B model released by Mistral AI, updated to version 0.3.",
            capabilities: ["tools"], sizes: ["7b"], pullCount: "19.7M", tagCount: 84, updated: "1 year ago",
            updatedTitle: "Jul 22, 2024 6:45 PM UTC"),
        FakeOllamaLibraryEntry(
            name: "nomic-embed-text", description: "A high-performing open embedding model with a large token context window.",
            capabilities: ["embedding"], sizes: [], pullCount: "40.2M", tagCount: 3, updated: "1 year ago",
            updatedTitle: "Feb 14, 2024 12:05 AM UTC"),
    ]
}
