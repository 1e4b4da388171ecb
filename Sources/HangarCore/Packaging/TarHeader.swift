import Foundation

/// One 512-byte header of a POSIX ustar archive, the format of `tar --format=ustar`, read and
/// written here so that backups and the release's embedded files need no tool on the server.
/// Two GNU extensions keep large backups possible: sizes past ustar's 8 GiB in base-256, and
/// `L` entries for names longer than ustar's 255 bytes.
public struct TarHeader: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case file = 0x30  // "0"
        case directory = 0x35  // "5"
        case gnuLongName = 0x4C  // "L"
        case paxExtended = 0x78  // "x"
        case paxGlobal = 0x67  // "g"
    }

    public static let blockSize = 512
    /// The largest size ustar's 11 octal digits hold; past it the size is written in base-256.
    static let largestOctalSize: Int64 = 0o77777777777

    public var name: String
    public var size: Int64
    /// The raw type byte; `kind` is nil for types Hangar does not read (links, devices).
    public var type: UInt8
    public var mode: Int
    public var modified: Int64

    public var kind: Kind? { Kind(rawValue: type == 0 ? Kind.file.rawValue : type) }

    public init(name: String, size: Int64, kind: Kind = .file, mode: Int = 0o644, modified: Int64 = 0) {
        self.name = name
        self.size = size
        self.type = kind.rawValue
        self.mode = mode
        self.modified = modified
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bytes to write before the entry's data: a `L` entry first when the name does not
    /// fit in ustar's name and prefix fields.
    public func encoded() -> [UInt8] {
        let nameBytes = Array(name.utf8)
        if let (prefix, rest) = Self.split(nameBytes) {
            return block(name: rest, prefix: prefix)
        }
        let longName = TarHeader(name: "././@LongLink", size: Int64(nameBytes.count + 1), kind: .gnuLongName)
        var bytes = longName.block(name: Array("././@LongLink".utf8), prefix: [])
        bytes += nameBytes + [0]
        bytes += [UInt8](repeating: 0, count: Self.padding(Int64(nameBytes.count + 1)))
        bytes += block(name: Array(nameBytes.prefix(100)), prefix: [])
        return bytes
    }

    /// Zero bytes that follow `size` bytes of data up to the next block.
    public static func padding(_ size: Int64) -> Int {
        let rest = Int(size % Int64(blockSize))
        return rest == 0 ? 0 : blockSize - rest
    }

    /// ustar keeps up to 100 bytes in `name` and 155 more in `prefix`, split at a `/`.
    static func split(_ name: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        if name.count <= 100 { return ([], name) }
        guard name.count <= 256 else { return nil }
        for index in stride(from: min(155, name.count - 1), through: 1, by: -1) where name[index] == UInt8(ascii: "/") {
            let rest = Array(name[(index + 1)...])
            if !rest.isEmpty, rest.count <= 100 { return (Array(name[..<index]), rest) }
        }
        return nil
    }

    private func block(name: [UInt8], prefix: [UInt8]) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        func put(_ bytes: [UInt8], at offset: Int, width: Int) {
            for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            let digits = Array(String(value, radix: 8).utf8)
            put([UInt8](repeating: 0x30, count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(Int64(mode), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        if size > Self.largestOctalSize {
            // GNU base-256: the high bit of the first byte set, the value big-endian after it.
            var value = UInt64(size)
            for index in stride(from: 135, through: 125, by: -1) {
                block[index] = UInt8(value & 0xFF)
                value >>= 8
            }
            block[124] = 0x80
        } else {
            octal(size, at: 124, width: 12)
        }
        octal(modified, at: 136, width: 12)
        block[156] = type
        put(Array("ustar".utf8) + [0], at: 257, width: 6)
        put(Array("00".utf8), at: 263, width: 2)
        put(prefix, at: 345, width: 155)
        put([UInt8](repeating: 0x20, count: 8), at: 148, width: 8)
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        put([UInt8](repeating: 0x30, count: max(0, 6 - digits.count)) + digits + [0, 0x20], at: 148, width: 8)
        return block
    }

    /// The header in `block`; nil for the all-zero block that ends an archive.
    public static func decode(_ block: some Collection<UInt8>) throws -> TarHeader? {
        let bytes = Array(block)
        guard bytes.count == blockSize else { throw Invalid(description: "a tar header is cut short") }
        if bytes.allSatisfy({ $0 == 0 }) { return nil }
        var unsigned = bytes
        for index in 148..<156 { unsigned[index] = 0x20 }
        guard let stored = octal(bytes[148..<156]), stored == Int64(unsigned.reduce(0) { $0 + Int($1) }) else {
            throw Invalid(description: "a tar header's checksum does not match (the file is not a tar archive, or is damaged)")
        }
        let size: Int64
        if bytes[124] & 0x80 != 0 {
            size = bytes[125..<136].reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        } else {
            guard let parsed = octal(bytes[124..<136]) else { throw Invalid(description: "a tar header's size is not a number") }
            size = parsed
        }
        let name = text(bytes[0..<100])
        let prefix = bytes[257..<262].elementsEqual("ustar".utf8) ? text(bytes[345..<500]) : ""
        var header = TarHeader(
            name: prefix.isEmpty ? name : prefix + "/" + name, size: size, mode: Int(octal(bytes[100..<108]) ?? 0o644),
            modified: octal(bytes[136..<148]) ?? 0)
        header.type = bytes[156]
        return header
    }

    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        let digits = field.prefix { $0 != 0 }.filter { $0 != 0x20 }
        if digits.isEmpty { return 0 }
        return Int64(String(decoding: digits, as: UTF8.self), radix: 8)
    }
}
