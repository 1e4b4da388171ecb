import Foundation

/// Byte-level edits of a JSON object's top-level members, so that everything else in a body
/// (numbers, key order, unknown fields) passes through exactly as the client or upstream wrote it.
enum RelayJSON {
    /// The byte range of each top-level member's value, by key (as written, escapes and all);
    /// nil unless `bytes` is one JSON object.
    static func members(_ bytes: [UInt8]) -> [String: Range<Int>]? {
        var scanner = Scanner(bytes: bytes, at: 0, end: bytes.count)
        return scanner.object()
    }

    /// The members of the object at `range` (a member's value, as `members` found it).
    static func members(_ bytes: [UInt8], in range: Range<Int>) -> [String: Range<Int>]? {
        var scanner = Scanner(bytes: bytes, at: range.lowerBound, end: range.upperBound)
        return scanner.object()
    }

    /// The byte range of each element of the array at `range`.
    static func elements(_ bytes: [UInt8], in range: Range<Int>) -> [Range<Int>]? {
        var scanner = Scanner(bytes: bytes, at: range.lowerBound, end: range.upperBound)
        return scanner.array()
    }

    /// A string value's text; nil when the value is not a string. Escapes are left to
    /// `JSONDecoder`, which costs more than the rest of a call's reading, so only when present.
    static func text(_ value: ArraySlice<UInt8>) -> String? {
        guard value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") else { return nil }
        let inside = value.dropFirst().dropLast()
        guard inside.contains(UInt8(ascii: "\\")) || inside.contains(where: { $0 < 0x20 }) else {
            return String(decoding: inside, as: UTF8.self)
        }
        return try? JSONDecoder().decode(String.self, from: Data(value))
    }

    /// An integer value; nil for anything else (a fraction, a string, null).
    static func integer(_ value: ArraySlice<UInt8>) -> Int? {
        let digits = value.first == UInt8(ascii: "-") ? value.dropFirst() : value
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy(isDigit) else {
            // Exponents ("1e2") and 19-digit numbers are rare: the decoder says whether they fit.
            let numeric = !value.isEmpty && value.allSatisfy { isDigit($0) || "+-.eE".utf8.contains($0) }
            return numeric ? try? JSONDecoder().decode(Int.self, from: Data(value)) : nil
        }
        let magnitude = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return value.first == UInt8(ascii: "-") ? -magnitude : magnitude
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// `true` or `false`; nil for anything else.
    static func boolean(_ value: ArraySlice<UInt8>) -> Bool? {
        if value.elementsEqual("true".utf8) { return true }
        if value.elementsEqual("false".utf8) { return false }
        return nil
    }

    /// `bytes` with the value of `key` replaced by `value`, or inserted first when absent.
    static func setting(_ key: String, to value: [UInt8], in bytes: [UInt8], members: [String: Range<Int>]) -> [UInt8] {
        if let range = members[key] {
            var copy = bytes
            copy.replaceSubrange(range, with: value)
            return copy
        }
        guard let open = bytes.firstIndex(of: UInt8(ascii: "{")) else { return bytes }
        let isEmpty = members.isEmpty
        var copy = Array(bytes[...open])
        copy += Array("\"\(key)\":".utf8) + value + (isEmpty ? [] : [UInt8(ascii: ",")])
        copy += bytes[(open + 1)...]
        return copy
    }

    /// A JSON string literal.
    static func string(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += Array("\\\"".utf8)
            case "\\": out += Array("\\\\".utf8)
            case "\n": out += Array("\\n".utf8)
            case "\r": out += Array("\\r".utf8)
            case "\t": out += Array("\\t".utf8)
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    private struct Scanner {
        let bytes: [UInt8]
        var at: Int
        let end: Int

        mutating func object() -> [String: Range<Int>]? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [String: Range<Int>] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return rest() ? members : nil }
            while true {
                skipSpace()
                guard let keyRange = stringToken() else { return nil }
                let key = String(decoding: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)], as: UTF8.self)
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                let start = at
                guard value() else { return nil }
                members[key] = start..<at
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return rest() ? members : nil
            }
        }

        mutating func array() -> [Range<Int>]? {
            skipSpace()
            guard take(UInt8(ascii: "[")) else { return nil }
            var elements: [Range<Int>] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return rest() ? elements : nil }
            while true {
                skipSpace()
                let start = at
                guard value() else { return nil }
                elements.append(start..<at)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { return nil }
                return rest() ? elements : nil
            }
        }

        /// Only whitespace may follow the object.
        private mutating func rest() -> Bool {
            skipSpace()
            return at == end
        }

        private mutating func value() -> Bool {
            guard at < end else { return false }
            switch bytes[at] {
            case UInt8(ascii: "\""): return stringToken() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["): return nested()
            default:
                let start = at
                while at < end, !Self.ends(bytes[at]) { at += 1 }
                return at > start
            }
        }

        /// Skips a nested object or array, strings inside included.
        private mutating func nested() -> Bool {
            var depth = 0
            while at < end {
                switch bytes[at] {
                case UInt8(ascii: "\""):
                    guard stringToken() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        at += 1
                        return true
                    }
                default: break
                }
                at += 1
            }
            return false
        }

        private mutating func stringToken() -> Range<Int>? {
            guard at < end, bytes[at] == UInt8(ascii: "\"") else { return nil }
            let start = at
            at += 1
            while at < end {
                switch bytes[at] {
                case UInt8(ascii: "\\"): at += 2
                case UInt8(ascii: "\""):
                    at += 1
                    return start..<at
                default: at += 1
                }
            }
            return nil
        }

        private mutating func skipSpace() {
            while at < end, Self.isSpace(bytes[at]) { at += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard at < end, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        private static func ends(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || isSpace(byte)
        }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
    }
}
