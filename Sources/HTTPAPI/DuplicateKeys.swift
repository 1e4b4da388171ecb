/// Finds an object key that a JSON document repeats. Decoders keep one of the two values
/// silently (which one depends on the decoder), so a body such as `{"name": "a", "name": "b"}`
/// means something different to Hangar and to whatever checked it on the way: such a body is
/// refused instead.
///
/// One pass over the bytes, with the keys of each open object in a set; keys are compared
/// after their escapes are resolved (`"a"` and `"\u0061"` are the same key). Malformed JSON is
/// left for the decoder to report.
enum DuplicateKeys {
    /// The path of the first repeated key (`models[2].name`), or nil.
    static func first(in bytes: some Collection<UInt8>) -> String? {
        var scanner = Scanner(bytes: Array(bytes))
        return scanner.run()
    }

    private struct Scanner {
        enum Container {
            case object(keys: Set<String>, path: String, pendingKey: String?)
            case array(path: String, index: Int)
        }

        let bytes: [UInt8]
        var index = 0
        var stack: [Container] = []

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// The path of the value about to start, from the innermost container.
        var valuePath: String {
            switch stack.last {
            case .object(_, let path, let key?)?: path.isEmpty ? key : "\(path).\(key)"
            case .array(let path, let index)?: "\(path)[\(index)]"
            default: ""
            }
        }

        mutating func run() -> String? {
            // Whether the next string in the current object is a key (after `{` or `,`).
            var expectKey = false
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append(.object(keys: [], path: valuePath, pendingKey: nil))
                    expectKey = true
                    index += 1
                case UInt8(ascii: "["):
                    stack.append(.array(path: valuePath, index: 0))
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = stack.popLast()
                    expectKey = false
                    index += 1
                case UInt8(ascii: ","):
                    switch stack.last {
                    case .object(let keys, let path, _)?:
                        stack[stack.count - 1] = .object(keys: keys, path: path, pendingKey: nil)
                        expectKey = true
                    case .array(let path, let position)?:
                        stack[stack.count - 1] = .array(path: path, index: position + 1)
                    case nil:
                        break
                    }
                    index += 1
                case UInt8(ascii: "\""):
                    guard let text = readString() else { return nil }
                    if expectKey, case .object(var keys, let path, _)? = stack.last {
                        if !keys.insert(text).inserted { return path.isEmpty ? text : "\(path).\(text)" }
                        stack[stack.count - 1] = .object(keys: keys, path: path, pendingKey: text)
                        expectKey = false
                    }
                default:
                    index += 1
                }
            }
            return nil
        }

        /// Reads the string at `index` (on its opening quote) with its escapes resolved;
        /// nil when it never ends.
        mutating func readString() -> String? {
            index += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    flush()
                    switch escape {
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        {
                            index += 2
                            guard let low = hex4() else { return nil }
                            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) &- 0xDC00)
                            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                        } else {
                            scalars.append(Unicode.Scalar(UInt32(unit)) ?? "\u{FFFD}")
                        }
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    default: scalars.append(Unicode.Scalar(escape))
                    }
                default:
                    raw.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt16? {
            guard bytes.count - index >= 4 else { return nil }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt16(digit)
                index += 1
            }
            return value
        }
    }
}
