import Foundation

/// Writes a tar archive to a file, one entry at a time, streaming file contents so a backup
/// with large models never holds one in memory.
public final class TarWriter {
    private let handle: FileHandle

    public init(handle: FileHandle) {
        self.handle = handle
    }

    public func add(name: String, data: Data, mode: Int = 0o644) throws {
        try handle.write(contentsOf: TarHeader(name: name, size: Int64(data.count), mode: mode, modified: Self.now).encoded())
        try handle.write(contentsOf: data)
        try pad(Int64(data.count))
    }

    public func addDirectory(name: String) throws {
        let path = name.hasSuffix("/") ? name : name + "/"
        try handle.write(contentsOf: TarHeader(name: path, size: 0, kind: .directory, mode: 0o755, modified: Self.now).encoded())
    }

    /// Copies the file at `path` as it is now. The size is taken first and exactly that many
    /// bytes are copied, so a file still growing cannot make the archive inconsistent.
    public func addFile(name: String, path: String, mode: Int = 0o644) throws {
        let source = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? source.close() }
        let size = Int64(try source.seekToEnd())
        try source.seek(toOffset: 0)
        try handle.write(contentsOf: TarHeader(name: name, size: size, mode: mode, modified: Self.now).encoded())
        var left = size
        while left > 0 {
            let chunk = try source.read(upToCount: Int(min(left, 1 << 20))) ?? Data()
            guard !chunk.isEmpty else {
                throw TarHeader.Invalid(description: "\(path) became shorter while it was being copied")
            }
            try handle.write(contentsOf: chunk)
            left -= Int64(chunk.count)
        }
        try pad(size)
    }

    /// The two zero blocks that end an archive.
    public func finish() throws {
        try handle.write(contentsOf: Data(count: TarHeader.blockSize * 2))
    }

    private func pad(_ size: Int64) throws {
        let padding = TarHeader.padding(size)
        if padding > 0 { try handle.write(contentsOf: Data(count: padding)) }
    }

    private static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}
