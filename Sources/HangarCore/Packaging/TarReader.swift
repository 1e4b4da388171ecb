import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The entries of a tar archive inside a file, from `start` for `length` bytes: a backup
/// (the whole file) or the files a release appends to its binary. Reads use `pread`, so one
/// reader serves concurrent requests.
public final class TarReader: Sendable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let kind: TarHeader.Kind
        public let size: Int64
        public let mode: Int
        /// Where the data starts in the file.
        public let offset: Int64
    }

    public let path: String
    public let entries: [Entry]
    private let descriptor: Int32

    public init(path: String, start: Int64 = 0, length: Int64? = nil) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw TarHeader.Invalid(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        do {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { throw TarHeader.Invalid(description: "cannot read \(path)") }
            let end = length.map { start + $0 } ?? Int64(info.st_size)
            entries = try Self.index(descriptor: descriptor, start: start, end: end)
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    /// The whole entry; for files a server reads in full (pages, the contract, a manifest).
    public func data(of entry: Entry) throws -> Data {
        var data = Data(count: Int(entry.size))
        try data.withUnsafeMutableBytes { buffer in
            try Self.read(descriptor, into: buffer, at: entry.offset)
        }
        return data
    }

    /// Copies the entry into `handle` a MiB at a time: model files do not fit in memory.
    public func copy(_ entry: Entry, to handle: FileHandle) throws {
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var done: Int64 = 0
        while done < entry.size {
            let count = Int(min(Int64(chunk), entry.size - done))
            try buffer.withUnsafeMutableBytes { raw in
                try Self.read(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]), at: entry.offset + done)
            }
            try handle.write(contentsOf: buffer[0..<count])
            done += Int64(count)
        }
    }

    private static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw TarHeader.Invalid(description: "the archive ends before an entry's last byte") }
            done += count
        }
    }

    private static func index(descriptor: Int32, start: Int64, end: Int64) throws -> [Entry] {
        var entries: [Entry] = []
        var position = start
        var longName: String?
        var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
        while position + Int64(TarHeader.blockSize) <= end {
            try block.withUnsafeMutableBytes { try read(descriptor, into: $0, at: position) }
            guard let header = try TarHeader.decode(block) else { return entries }
            let dataStart = position + Int64(TarHeader.blockSize)
            guard header.size >= 0, dataStart + header.size <= end else {
                throw TarHeader.Invalid(description: "the archive ends inside \(header.name)")
            }
            position = dataStart + header.size + Int64(TarHeader.padding(header.size))
            switch header.kind {
            case .gnuLongName?:
                var name = Data(count: Int(min(header.size, 4096)))
                try name.withUnsafeMutableBytes { try read(descriptor, into: $0, at: dataStart) }
                longName = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case .file?, .directory?:
                let name = longName ?? header.name
                entries.append(Entry(name: name, kind: header.kind!, size: header.size, mode: header.mode, offset: dataStart))
            case .paxExtended?, .paxGlobal?, nil:
                break
            }
            longName = nil
        }
        return entries
    }
}
