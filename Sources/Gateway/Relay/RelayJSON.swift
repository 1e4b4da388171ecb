/// Byte-level edits of a JSON object's top-level members, so that everything else in a body
/// (numbers, key order, unknown fields) passes through exactly as the client or upstream wrote it.
enum RelayJSON {
    /// The byte range of each top-level member's value, by key (as written, escapes and all);
    /// nil unless `bytes` is one JSON object.
    static func members(_ bytes: [UInt8]) -> [String: Range<Int>]? {
        var scanner = Scanner(bytes: bytes)
        return scanner.object()
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
        var at = 0

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

        /// Only whitespace may follow the object.
        private mutating func rest() -> Bool {
            skipSpace()
            return at == bytes.count
        }

        private mutating func value() -> Bool {
            guard at < bytes.count else { return false }
            switch bytes[at] {
            case UInt8(ascii: "\""): return stringToken() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["): return nested()
            default:
                let start = at
                while at < bytes.count, !Self.ends(bytes[at]) { at += 1 }
                return at > start
            }
        }

        /// Skips a nested object or array, strings inside included.
        private mutating func nested() -> Bool {
            var depth = 0
            while at < bytes.count {
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
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
            let start = at
            at += 1
            while at < bytes.count {
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
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        private static func ends(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || [0x20, 0x09, 0x0A, 0x0D].contains(byte)
        }
    }
}
