/// The web UI's scripts and style sheets without what only their readers need: comments,
/// indentation, blank lines and runs of spaces. The UI has no build step, so the server does
/// this once per file version, before gzip: it takes a third off what a first visit transfers.
///
/// Line breaks stay where code was (automatic semicolon insertion depends on them), and
/// strings, template literals and regular expressions are copied byte for byte.
enum WebAssetMinifier {
    /// The minified form of a file of `contentType`, or the input itself for other types.
    static func minify(_ bytes: [UInt8], contentType: String) -> [UInt8] {
        if contentType.hasPrefix("text/javascript") { return script(bytes) }
        if contentType.hasPrefix("text/css") { return styles(bytes) }
        return bytes
    }

    static func script(_ bytes: [UInt8]) -> [UInt8] {
        var writer = Writer(input: bytes)
        writer.run(regexAware: true)
        return writer.output
    }

    static func styles(_ bytes: [UInt8]) -> [UInt8] {
        var writer = Writer(input: bytes)
        writer.run(regexAware: false)
        return writer.output
    }

    /// Words after which a `/` starts a regular expression rather than a division.
    private static let regexKeywords: Set<[UInt8]> = Set(
        ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]
            .map { Array($0.utf8) })

    private struct Writer {
        let input: [UInt8]
        var output: [UInt8] = []
        var index = 0
        /// Open `${` of template literals, each with the depth of braces opened inside it.
        var templateBraces: [Int] = []
        /// A space or a line break was skipped since the last byte written.
        var pendingSpace = false
        var pendingBreak = false

        init(input: [UInt8]) {
            self.input = input
            output.reserveCapacity(input.count)
        }

        mutating func run(regexAware: Bool) {
            while index < input.count {
                let byte = input[index]
                switch byte {
                case .newline, .carriageReturn:
                    pendingBreak = true
                    index += 1
                case .space, .tab:
                    pendingSpace = true
                    index += 1
                case .slash where next == .slash && regexAware:
                    while index < input.count, input[index] != .newline { index += 1 }
                case .slash where next == .star:
                    let end = find([.star, .slash], from: index + 2) ?? input.count
                    if input[index..<end].contains(.newline) { pendingBreak = true } else { pendingSpace = true }
                    index = min(end + 2, input.count)
                case .slash where regexAware && startsRegex:
                    flush()
                    copyRegex()
                case .quote, .doubleQuote:
                    flush()
                    copyString(until: byte)
                case .backtick where regexAware:
                    flush()
                    copyTemplate()
                case .openBrace where !templateBraces.isEmpty:
                    templateBraces[templateBraces.count - 1] += 1
                    write(byte)
                case .closeBrace where templateBraces.last == 0:
                    // The end of a `${…}`: back into the template literal around it.
                    templateBraces.removeLast()
                    flush()
                    output.append(byte)
                    index += 1
                    copyTemplate(resuming: true)
                case .closeBrace where !templateBraces.isEmpty:
                    templateBraces[templateBraces.count - 1] -= 1
                    write(byte)
                default:
                    write(byte)
                }
            }
            // A file that ended with a line break still does: minifying is idempotent.
            if pendingBreak, !output.isEmpty { output.append(.newline) }
        }

        var next: UInt8? { index + 1 < input.count ? input[index + 1] : nil }

        /// Writes a code byte after the separator the skipped blanks stand for: a line break
        /// when one was skipped (never at the start), else one space between two bytes that
        /// would otherwise merge.
        mutating func write(_ byte: UInt8) {
            flush()
            output.append(byte)
            index += 1
        }

        mutating func flush() {
            if pendingBreak, !output.isEmpty {
                output.append(.newline)
            } else if pendingSpace, !output.isEmpty {
                output.append(.space)
            }
            pendingBreak = false
            pendingSpace = false
        }

        /// A `/` starts a regular expression unless what comes before it ends a value.
        var startsRegex: Bool {
            guard let last = output.last else { return true }
            if last == .closeParen || last == .closeBracket || last == .closeBrace || last == .quote || last == .doubleQuote
                || last == .backtick
            {
                return false
            }
            guard last.isWordByte else { return true }
            var start = output.count
            while start > 0, output[start - 1].isWordByte { start -= 1 }
            return WebAssetMinifier.regexKeywords.contains(Array(output[start...]))
        }

        mutating func copyString(until quote: UInt8) {
            copyLiteral { $0 == quote || $0 == .newline }
        }

        /// Copies the opening byte and what follows until `ends` says the literal is over; a
        /// backslash always takes the next byte with it.
        mutating func copyLiteral(ends: (UInt8) -> Bool) {
            output.append(input[index])
            index += 1
            while index < input.count {
                let byte = input[index]
                output.append(byte)
                index += 1
                if byte == .backslash, index < input.count {
                    output.append(input[index])
                    index += 1
                } else if ends(byte) {
                    return
                }
            }
        }

        /// Copies a template literal up to its closing backtick, or up to a `${`, after which
        /// the code inside is minified as code until its matching `}`.
        mutating func copyTemplate(resuming: Bool = false) {
            if !resuming {
                output.append(input[index])
                index += 1
            }
            while index < input.count {
                let byte = input[index]
                if byte == .backslash, index + 1 < input.count {
                    output.append(contentsOf: input[index...index + 1])
                    index += 2
                    continue
                }
                output.append(byte)
                index += 1
                if byte == .backtick { return }
                if byte == .dollar, index < input.count, input[index] == .openBrace {
                    output.append(.openBrace)
                    index += 1
                    templateBraces.append(0)
                    return
                }
            }
        }

        /// A `/` inside a character class does not end the expression.
        mutating func copyRegex() {
            var inClass = false
            copyLiteral { byte in
                if byte == .openBracket {
                    inClass = true
                } else if byte == .closeBracket {
                    inClass = false
                }
                return (byte == .slash && !inClass) || byte == .newline
            }
        }

        func find(_ needle: [UInt8], from start: Int) -> Int? {
            var position = start
            while position + needle.count <= input.count {
                if input[position] == needle[0], Array(input[position..<position + needle.count]) == needle { return position }
                position += 1
            }
            return nil
        }
    }
}

extension UInt8 {
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let star = UInt8(ascii: "*")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let quote = UInt8(ascii: "'")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let backtick = UInt8(ascii: "`")
    fileprivate static let dollar = UInt8(ascii: "$")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let closeParen = UInt8(ascii: ")")

    /// A byte of an identifier, a keyword or a number (any non-ASCII byte counts: identifiers
    /// may hold letters outside ASCII).
    fileprivate var isWordByte: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || self == 0x24
            || self == 0x5F || self >= 0x80
    }
}
