import HangarCore

/// Reads ollama.com's HTML, which has no JSON API for search. The page marks its parts with
/// `x-test-*` attributes (for its own tests), which change less often than its classes; what
/// cannot be found is left out rather than guessed.
enum LibraryPages {
    static func searchResults(_ html: String) -> [OllamaLibraryModel] {
        var models: [OllamaLibraryModel] = []
        var seen: Set<String> = []
        for card in html.components(separatedBy: "x-test-model").dropFirst() {
            guard let name = texts(after: "x-test-search-response-title", in: card).first, !name.isEmpty, seen.insert(name).inserted
            else { continue }
            models.append(
                OllamaLibraryModel(
                    name: name, description: description(in: card), capabilities: texts(after: "x-test-capability", in: card),
                    sizes: texts(after: "x-test-size", in: card), pulls: texts(after: "x-test-pull-count", in: card).first,
                    tags: texts(after: "x-test-tag-count", in: card).first.flatMap { Int($0.filter(\.isNumber)) },
                    updated: texts(after: "x-test-updated", in: card).first))
            if models.count == 100 { break }
        }
        return models
    }

    /// The tags page links every variant as `/library/<model>:<tag>` (or `/<user>/<model>:<tag>`).
    static func variants(_ html: String, path: String, model: String) -> [OllamaVariant] {
        let marker = "href=\"/\(path):"
        var variants: [OllamaVariant] = []
        var seen: Set<String> = []
        let segments = html.components(separatedBy: marker).dropFirst()
        for segment in segments {
            guard let end = segment.firstIndex(of: "\"") else { continue }
            let tag = String(segment[..<end])
            guard !tag.isEmpty, tag.utf8.count <= 80, tag.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }),
                seen.insert(tag).inserted
            else { continue }
            let text = plainText(String(segment[end...].prefix(4000)))
            variants.append(
                OllamaVariant(
                    name: "\(model):\(tag)", tag: tag, size: first(sizePattern, in: text), context: first(contextPattern, in: text),
                    updated: first(updatedPattern, in: text)))
            if variants.count == 500 { break }
        }
        return variants
    }

    nonisolated(unsafe) static let sizePattern = #/\b\d+(?:\.\d+)?\s?(?:TB|GB|MB|KB)\b/#
    nonisolated(unsafe) static let contextPattern = #/\b\d+(?:\.\d+)?[KM](?=\s+context)/#
    nonisolated(unsafe) static let updatedPattern = #/\b(?:\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|yesterday)\b/#

    static func first(_ pattern: Regex<Substring>, in text: String) -> String? {
        text.firstMatch(of: pattern).map { String($0.output) }
    }

    /// The text of every element carrying `attribute`, in order.
    static func texts(after attribute: String, in html: String) -> [String] {
        html.components(separatedBy: attribute).dropFirst().compactMap { rest in
            guard let open = rest.firstIndex(of: ">") else { return nil }
            let body = rest[rest.index(after: open)...]
            let end = body.firstIndex(of: "<") ?? body.endIndex
            let text = decode(String(body[..<end])).trimmingWhitespace
            return text.isEmpty ? nil : String(text.prefix(300))
        }
    }

    static func description(in card: String) -> String? {
        guard let start = card.range(of: "break-words"), let open = card[start.upperBound...].firstIndex(of: ">") else { return nil }
        let body = card[card.index(after: open)...]
        let text = decode(String(body[..<(body.firstIndex(of: "<") ?? body.endIndex)])).trimmingWhitespace
        return text.isEmpty ? nil : String(text.prefix(500))
    }

    static func plainText(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
                out.append(" ")
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                out.append(character)
            }
        }
        return decode(out).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func decode(_ text: String) -> String {
        text.replacingAll("&lt;", "<").replacingAll("&gt;", ">").replacingAll("&quot;", "\"").replacingAll("&#39;", "'")
            .replacingAll("&#x27;", "'").replacingAll("&nbsp;", " ").replacingAll("&amp;", "&")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }

    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
